package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log levels: info stays short under churn, debug logs each socket, warn only problems.
 * Facts on the JSON log's fields; the wording of the text lines is {@link LogWordingGoldenTextIT}'s.
 */
class LogIT {

    private static final String JSON = "-Dsockbuf.log.format=json";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void infoLogsTheFirstSocketsOfEachKindThenCountsThemAtExit(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions(JSON).run("ten-connections");
        JsonLog log = JsonLog.of(run);

        List<LogEvent> clients = log.sockets("tcp client");
        assertEquals(3, clients.size(), run.toString());
        assertEquals(3, log.sockets("tcp accepted").size(), run.toString());
        assertTrue(clients.get(2).message().contains("counted, not logged"), "the last line logged says so: " + clients.get(2));
        ExitSummary summary = log.exitSummary();
        assertEquals(10, summary.count("tcp client", "as requested"), summary.toString());
        assertEquals(1, summary.count("tcp listener", "as requested"), summary.toString());
        assertEquals(10, summary.count("tcp accepted", "as requested"), summary.toString());
        assertTrue(summary.everySocketAsRequested(), summary.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void debugLogsEverySocket(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log=debug", JSON)
                .run("ten-connections");
        JsonLog log = JsonLog.of(run);

        // each client at creation (a client that never connects is not missing) and again at connect, with its address
        List<LogEvent> clients = log.sockets("tcp client");
        assertEquals(10, clients.stream().filter(client -> client.remote() == null).count(), run.toString());
        assertEquals(10, clients.stream().filter(client -> client.remote() != null && client.remote().matches("127\\.0\\.0\\.1:\\d+")).count(),
                run.toString());
        List<LogEvent> accepted = log.sockets("tcp accepted");
        assertEquals(10, accepted.size(), run.toString());
        for (LogEvent socket : accepted) {
            assertTrue(socket.remote().matches("127\\.0\\.0\\.1:\\d+"), socket.toString());
            assertEquals("listener", socket.recv().setBy(), "inherited from the listener: " + socket);
            assertEquals(24576, socket.recv().effective(), socket.toString());
            assertEquals("as requested", socket.send().outcome(), socket.toString());
            assertEquals(40960, socket.send().effective(), socket.toString());
            assertEquals(81920, socket.send().kernel(), socket.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void warnIsSilentWhenEverythingIsAsRequested(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log=warn").run("ten-connections");
        assertEquals(List.of(), run.sockbufLines(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void warnStillReportsTheFirstCappedSocketOfEachKind(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=1g", "-Dsockbuf.log=warn", JSON).run("ten-connections");
        List<LogEvent> lines = JsonLog.of(run).lines();
        // the first capped client, the listener given the send size for its accepted sockets, and the first of those, which inherit it
        assertEquals(3, lines.size(), run.toString());
        assertEquals(Set.of("tcp client", "tcp listener", "tcp accepted"), lines.stream().map(LogEvent::kind).collect(Collectors.toSet()),
                run.toString());
        for (LogEvent line : lines) {
            assertEquals("warn", line.level(), line.toString());
            assertEquals("capped", line.send().outcome(), line.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void debugWritesALineForAClientThatNeverConnects(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log=debug", JSON)
                .run("never-connects");
        JsonLog log = JsonLog.of(run);
        List<LogEvent> clients = log.sockets("tcp client");
        assertEquals(1, clients.size(), run.toString());
        assertNull(clients.get(0).remote(), clients.get(0).toString());
        assertEquals(24576, clients.get(0).recv().effective(), clients.get(0).toString());
        assertEquals("as requested", clients.get(0).recv().outcome(), clients.get(0).toString());
        assertEquals(1, log.exitSummary().count("tcp client", "as requested"), run.toString());
    }

    /** Text lines bracket IPv6 ends the way ss does ([::1]:port), JSON local/remote too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void ipv6EndsAreBracketed(Jdk jdk) throws Exception {
        ForkedJvm.Result text = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log=debug").run("ipv6-loopback");
        assertTrue(text.sockbufLines().stream().anyMatch(line -> line.matches(".*<-> \\[::1]:\\d+: .*")), text.toString());
        assertTrue(text.sockbufLines().stream().noneMatch(line -> line.contains("0:0:0:0:0:0:0:1")), text.toString());
        ForkedJvm.Result json = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log=debug", JSON).run("ipv6-loopback");
        assertTrue(JsonLog.of(json).events().stream().anyMatch(event -> event.remote() != null && event.remote().matches("\\[::1]:\\d+")),
                json.toString());
    }
}
