package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log levels: info stays short under churn, debug logs each socket, warn only problems. */
class LogIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void infoLogsTheFirstSocketsOfEachKindThenCountsThemAtExit(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).run("ten-connections");

        assertEquals(3, linesFor(run, "[sockbuf] tcp client").size(), run.toString());
        assertEquals(3, linesFor(run, "[sockbuf] tcp accepted").size(), run.toString());
        assertTrue(run.stderr.contains("further tcp client sockets are counted, not logged"), run.toString());
        assertTrue(run.stderr.contains("[sockbuf] at exit: tcp client 10 (10 as requested); tcp listener 1 (1 as requested);"
                + " tcp accepted 10 (10 as requested)"), run.toString());
        assertTrue(run.sockbufLines().get(0).contains("recv 24576 bytes (-Dsockbuf.recv=24k), send 40960 bytes (-Dsockbuf.send=40k);"
                + " kernel ceilings net.core.rmem_max="), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void debugLogsEverySocket(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log=debug").run("ten-connections");

        // each client at creation (a client that never connects is not missing) and again at connect, with its address
        assertEquals(10, linesFor(run, "[sockbuf] tcp client to ").size(), run.toString());
        assertEquals(10, linesFor(run, "[sockbuf] tcp client: ").size(), run.toString());
        List<String> accepted = linesFor(run, "[sockbuf] tcp accepted");
        assertEquals(10, accepted.size(), run.toString());
        assertTrue(accepted.get(0).matches("\\[sockbuf] tcp accepted local port \\d+ <-> 127\\.0\\.0\\.1:\\d+: recv 24576"
                + " \\(inherited from the listener\\), send 40960 -> 40960 \\(kernel holds 81920\\)"), accepted.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void warnIsSilentWhenEverythingIsAsRequested(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log=warn").run("ten-connections");
        assertEquals(List.of(), run.sockbufLines(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void warnStillReportsTheFirstCappedSocketOfEachKind(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=1g", "-Dsockbuf.log=warn").run("ten-connections");
        List<String> lines = run.sockbufLines();
        assertEquals(2, lines.size(), run.toString()); // the first capped client and the first capped accepted socket
        assertTrue(lines.stream().allMatch(line -> line.contains("capped by net.core.wmem_max=")), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void debugWritesALineForAClientThatNeverConnects(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log=debug").run("never-connects");
        assertEquals(1, linesFor(run, "[sockbuf] tcp client: recv 24576 -> 24576").size(), run.toString());
        assertTrue(run.stderr.contains("at exit: tcp client 1 (1 as requested)"), run.toString());
    }

    /** Text lines bracket IPv6 ends the way ss does ([::1]:port), JSON local/remote too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void ipv6EndsAreBracketed(Jdk jdk) throws Exception {
        ForkedJvm.Result text = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.log=debug").run("ipv6-loopback");
        assertTrue(text.sockbufLines().stream().anyMatch(line -> line.matches(".*<-> \\[::1]:\\d+: .*")), text.toString());
        assertTrue(text.sockbufLines().stream().noneMatch(line -> line.contains("0:0:0:0:0:0:0:1")), text.toString());
        ForkedJvm.Result json = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT)
                .withOptions("-Dsockbuf.log=debug", "-Dsockbuf.log.format=json").run("ipv6-loopback");
        List<java.util.Map<String, Object>> events = WhoSetItIT.events(json);
        assertTrue(events.stream().anyMatch(event -> String.valueOf(event.get("remote")).matches("\\[::1]:\\d+")), json.toString());
    }

    private static List<String> linesFor(ForkedJvm.Result run, String prefix) {
        return run.sockbufLines().stream().filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
    }
}
