package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden text: the wording of the text log a person reads. Every other test states facts on the
 * JSON log's fields; these few pin the sentences, so a change of wording fails here, on purpose,
 * and only here.
 */
class LogWordingGoldenTextIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void goldenTextOfTheStartupLineTheSocketLinesAndTheExitSummary(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).run("ten-connections");

        assertTrue(run.sockbufLines().get(0).contains("recv 24576 bytes (-Dsockbuf.recv=24k), send 40960 bytes (-Dsockbuf.send=40k);"
                + " kernel ceilings net.core.rmem_max="), run.toString());
        List<String> clients = linesFor(run, "[sockbuf] tcp client");
        assertEquals(3, clients.size(), run.toString());
        assertTrue(clients.get(2).endsWith(" (further tcp client sockets are counted, not logged; -Dsockbuf.log=debug logs each)"),
                clients.get(2));
        assertTrue(run.sockbufLines().contains("[sockbuf] at exit: tcp client 10 (10 as requested); tcp listener 1 (1 as requested);"
                + " tcp accepted 10 (10 as requested)"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void goldenTextOfAnAcceptedSocketAtDebug(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log=debug").run("ten-connections");
        List<String> accepted = linesFor(run, "[sockbuf] tcp accepted");
        assertEquals(10, accepted.size(), run.toString());
        assertTrue(accepted.get(0).matches("\\[sockbuf] tcp accepted local port \\d+ <-> 127\\.0\\.0\\.1:\\d+: recv 24576"
                + " \\(inherited from the listener\\), send 40960 \\(inherited from the listener\\)"), accepted.get(0));
        List<String> listener = linesFor(run, "[sockbuf] tcp listener");
        assertEquals(List.of("[sockbuf] tcp listener: recv 24576 -> 24576 (kernel holds 49152),"
                + " for the sockets it accepts: send 40960 -> 40960 (kernel holds 81920)"), listener, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void goldenTextOfACappedRequestNamingTheSysctlAndTheCapNetAdminAlternative(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=1g").run("client-only");
        assertTrue(run.stderr.matches("(?s).*send 1073741824 -> \\d+ \\(kernel holds \\d+\\): capped by net\\.core\\.wmem_max=\\d+.*"), run.toString());
        assertTrue(run.stderr.contains("sysctl -w net.core.wmem_max=1073741824")
                && run.stderr.contains("SO_SNDBUFFORCE would bypass the limit but needs CAP_NET_ADMIN"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void goldenTextOfARequestRaisedToTheKernelsMinimum(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=100").run("client-only");
        int effective = run.values().get("client").recv;
        assertTrue(run.stderr.contains("recv 100 -> " + effective + " (kernel holds " + 2 * effective + "): raised to the kernel's minimum"),
                run.toString());
    }

    private static List<String> linesFor(ForkedJvm.Result run, String prefix) {
        return run.sockbufLines().stream().filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
    }
}
