package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sockbuf.log.file, sockbuf.log.format=json and the kernel advice lines. */
class LogOutputIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void jsonFormatWritesOneObjectPerLineWithStableFields(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log.format=json").run("client-only");
        String[] lines = run.stderr.trim().split("\n");
        assertTrue(lines.length >= 4, run.toString());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"time\":\"") && line.endsWith("}") && line.contains("\"message\":"), line);
        }
        assertTrue(run.stderr.matches("(?s).*\"event\":\"socket\",\"socket\":\"[0-9a-f]+\",\"kind\":\"tcp client\",\"role\":\"client\","
                + "\"local\":null,\"remote\":\"127\\.0\\.0\\.1:\\d+\",\"address\":\"127\\.0\\.0\\.1:\\d+\","
                + "\"recv\":\\{\"requested\":24576,\"effective\":24576,\"kernel\":49152,\"outcome\":\"as requested\",\"setBy\":\"agent\"},"
                + "\"send\":\\{\"requested\":40960,\"effective\":40960,\"kernel\":81920,\"outcome\":\"as requested\",\"setBy\":\"agent\"}.*"),
                run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLogFileIsAppendedToAndStderrStaysQuiet(Jdk jdk, @TempDir Path directory) throws Exception {
        Path log = directory.resolve("sockbuf.log");
        for (int i = 0; i < 2; i++) {
            ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log.file=" + log).run("client-only");
            assertEquals("", run.stderr, run.toString());
            assertEquals(EverySocketKindIT.RECV, run.values().get("client").recv);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(2, lines.stream().filter(line -> line.contains("[sockbuf] at exit:")).count(), String.join("\n", lines));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLogFileThatCannotBeWrittenIsOneWarningAndTheLogStaysOnStderr(Jdk jdk, @TempDir Path directory) throws Exception {
        Path target = directory.resolve("real.log");
        Path link = directory.resolve("link.log");
        Files.createSymbolicLink(link, target);
        String[][] cases = {
            {directory.resolve("no/such/dir/sockbuf.log").toString(), "cannot be written"},
            {directory.toString(), "is a directory"},
            {link.toString(), "is a symbolic link, which sockbuf does not follow"}};
        for (String[] bad : cases) {
            ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log.file=" + bad[0]).run("client-only");
            List<String> warnings = ConfigurationIT.warnings(run);
            assertEquals(1, warnings.size(), run.toString());
            assertTrue(warnings.get(0).contains("the log file " + bad[0] + " " + bad[1]) && warnings.get(0).endsWith("logging to stderr instead."), warnings.get(0));
            assertTrue(run.stderr.contains("[sockbuf] at exit:"), run.toString());
            assertEquals(EverySocketKindIT.RECV, run.values().get("client").recv);
        }
        assertFalse(Files.exists(target), "nothing was written through the symbolic link");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void settingRecvNotesOnceThatAutotuningIsOffAndWhatTcpRmemWouldAllow(Jdk jdk) throws Exception {
        String tcpRmemMax = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_rmem")).get(0).trim().split("\\s+")[2];
        ForkedJvm.Result withRecv = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).run("ten-connections");
        assertEquals(1, withRecv.sockbufLines().stream().filter(line -> line.contains("stops autotuning")).count(), withRecv.toString());
        assertTrue(withRecv.stderr.contains("net.ipv4.tcp_rmem max = " + tcpRmemMax + " bytes, while sockbuf.recv=24576 fixes it at 49152"), withRecv.toString());

        ForkedJvm.Result sendOnly = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=40k").run("client-only");
        assertFalse(sendOnly.stderr.contains("autotuning"), sendOnly.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aCappedRequestNamesTheSysctlAndTheCapNetAdminAlternative(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=1g").run("client-only");
        assertTrue(run.stderr.contains("capped by net.core.wmem_max=") && run.stderr.contains("sysctl -w net.core.wmem_max=1073741824")
                && run.stderr.contains("SO_SNDBUFFORCE would bypass the limit but needs CAP_NET_ADMIN"), run.toString());
    }
}
