package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad configuration never hurts the application: one clear warning naming the property, the value
 * and what is accepted; the application's output and exit code are exactly those of a run without
 * the agent.
 */
class ConfigurationIT {

    static Stream<Arguments> badValues() {
        return Jdks.matrix().flatMap(jdk -> Stream.of(
                Arguments.of(jdk, "recv", "-1", "it is negative"),
                Arguments.of(jdk, "recv", "0", "it is zero"),
                Arguments.of(jdk, "send", "abc", "it is not a number"),
                Arguments.of(jdk, "recv", "12x", "it is not a number"),
                Arguments.of(jdk, "send", "99999999999", "larger than 2147483647"),
                Arguments.of(jdk, "recv", "2g", "larger than 2147483647"),
                Arguments.of(jdk, "recv", "", "it is empty"),
                Arguments.of(jdk, "send", "  ", "it is empty")));
    }

    @ParameterizedTest(name = "{0}: -Dsockbuf.{1}=\"{2}\"")
    @MethodSource("badValues")
    void aBadSizeWarnsOnceAndLeavesTheApplicationAsWithoutTheAgent(Jdk jdk, String key, String value, String reason) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("client-only");
        ForkedJvm.Result with = ForkedJvm.on(jdk).withAgent("-Dsockbuf." + key + "=" + value).run("client-only");

        assertEquals(without.exitCode, with.exitCode, with.toString());
        assertEquals(without.stdoutWithoutPorts(), with.stdoutWithoutPorts(), with.toString());
        List<String> warnings = with.warnings();
        assertEquals(1, warnings.size(), with.toString());
        String warning = warnings.get(0);
        assertTrue(warning.contains("-Dsockbuf." + key + "=\"" + value + "\""), warning);
        assertTrue(warning.contains(reason), warning);
        assertTrue(warning.contains("e.g. 8192, 64k, 4m"), warning);
        assertTrue(warning.contains("are left alone"), warning);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withoutPropertiesNothingChangesAndOneNoticeIsPrinted(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("client-only");
        ForkedJvm.Result with = ForkedJvm.on(jdk).withAgent().run("client-only");

        assertEquals(without.exitCode, with.exitCode, with.toString());
        assertEquals(without.stdoutWithoutPorts(), with.stdoutWithoutPorts(), with.toString());
        assertEquals(1, with.sockbufLines().size(), with.toString());
        assertTrue(with.sockbufLines().get(0).contains("sockets are left alone"), with.toString());
        assertEquals("", with.stderr.replaceAll("\\[sockbuf\\][^\n]*\n", ""), "nothing but our notice on stderr");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void suffixesAreCaseInsensitiveAnd1024Based(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24K", "-Dsockbuf.send=40k").run("client-only");
        assertEquals(TestSizes.RECV, run.values().get("client").recv, run.toString());
        assertEquals(TestSizes.SEND, run.values().get("client").send, run.toString());
        assertTrue(run.stderr.contains("recv 24576 bytes (-Dsockbuf.recv=24K)"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aMisspelledPropertyGetsASuggestionAndTheRestStillWorks(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recieve=8k", "-Dsockbuf.send=40k").run("client-only");
        List<String> warnings = run.warnings();
        assertEquals(1, warnings.size(), run.toString());
        assertTrue(warnings.get(0).contains("-Dsockbuf.recieve is not a sockbuf setting"), warnings.get(0));
        assertTrue(warnings.get(0).contains("did you mean sockbuf.recv?"), warnings.get(0));
        assertEquals(TestSizes.SEND, run.values().get("client").send, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aBadLogLevelWarnsAndLogsAtInfo(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.log=loud").run("client-only");
        List<String> warnings = run.warnings();
        assertEquals(1, warnings.size(), run.toString());
        assertTrue(warnings.get(0).contains("-Dsockbuf.log=\"loud\"") && warnings.get(0).contains("warn, info or debug"), run.toString());
        assertEquals(TestSizes.RECV, run.values().get("client").recv, run.toString());
    }

    @org.junit.jupiter.api.Test
    void theAgentArgumentTakesTheSockbufPrefixAsAttachAndTheConfigFileDo() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.current()).withAgent().withAgentArguments("sockbuf.recv=24k,send=40k").run("client-only");
        assertEquals(0, run.warnings().size(), run.toString());
        assertEquals(TestSizes.RECV, run.values().get("client").recv, run.toString());
        assertEquals(TestSizes.SEND, run.values().get("client").send, run.toString());
    }

    @org.junit.jupiter.api.Test
    void unsetInTheAgentArgumentLeavesADirectionAloneOverAProperty() throws Exception {
        Jdk jdk = Jdks.current();
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("client-only");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k").withAgentArguments("recv=unset").run("client-only");
        assertEquals(0, run.warnings().size(), run.toString());
        assertEquals(without.values().get("client").recv, run.values().get("client").recv, run.toString());
        assertEquals(TestSizes.SEND, run.values().get("client").send, run.toString());
        assertTrue(run.sockbufLines().get(0).contains("recv left alone (agent argument recv=unset)"), run.toString());
    }

    @org.junit.jupiter.api.Test
    void theStartupLineSaysWhatObserveAndAutoDoWithTheSizes() throws Exception {
        Jdk jdk = Jdks.current();
        String observe = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k", "-Dsockbuf.mode=observe")
                .run("client-only").sockbufLines().get(0);
        assertTrue(observe.contains("recv 24576 bytes (-Dsockbuf.recv=24k) not applied: observe mode only reports, send 40960 bytes"
                + " (-Dsockbuf.send=40k) not applied: observe mode only reports"), observe);
        ForkedJvm.Result auto = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k", "-Dsockbuf.mode=auto").run("client-only");
        String line = auto.sockbufLines().get(auto.sockbufLines().size() > 0 && auto.sockbufLines().get(0).startsWith("[sockbuf] WARNING") ? 1 : 0);
        assertTrue(line.contains("recv 24576 bytes (-Dsockbuf.recv=24k) not applied: auto mode leaves receive buffers to autotuning,"
                + " send 40960 bytes (-Dsockbuf.send=40k), mode auto;"), auto.toString());
        assertEquals(TestSizes.SEND, auto.values().get("client").send, "auto applies send: " + auto);
        assertTrue(auto.sockbufLines().stream().noneMatch(l -> l.contains("Linux stops autotuning")), "no autotuning note when recv is not set: " + auto);
    }

    @org.junit.jupiter.api.Test
    void theAutotuningNoteSaysWhatTheKernelHoldsForATinyRequest() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.current()).withAgent("-Dsockbuf.recv=1").run("client-only");
        assertTrue(run.sockbufLines().stream().anyMatch(l -> l.contains("sockbuf.recv=1 fixes it at 2304 ")), run.toString());
        assertEquals(1152, run.values().get("client").recv, "the JDK reports half of the kernel's 2304: " + run);
    }
}
