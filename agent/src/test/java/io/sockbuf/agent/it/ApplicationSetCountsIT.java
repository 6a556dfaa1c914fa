package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.Ports;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's sets are counted on the socket they were made on, once: a set of exactly the
 * agent's size leaves every other socket's count alone, a client's set after connect is the
 * client's (not an accepted socket's), and java.net accepted sockets name their local end in JSON.
 */
class ApplicationSetCountsIT {

    private static final String JSON = "-Dsockbuf.log.format=json";
    private static final String DEBUG = "-Dsockbuf.log=debug";

    /** Clients that set the agent's own 24k (one or both directions), others sizes, others nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aSetOfTheAgentsOwnSizeLeavesTheOtherSocketsCountsAlone(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=24k", JSON, DEBUG).run("mixed-sets");
        JsonLog log = JsonLog.of(run);
        ExitSummary summary = log.exitSummary();
        assertEquals(log.countsByLastEvent(), summary.counts(), summary + "\n" + log.lastPerSocket().values());
        // two clients set a size of their own (40960, 16384); five set nothing or the agent's 24576
        assertEquals(7, summary.total("tcp client"), summary.toString());
        assertEquals(2, summary.count("tcp client", "application"), summary.toString());
        assertEquals(5, summary.count("tcp client", "as requested"), summary.toString());
        for (LogEvent set : log.events("application-set")) {
            LogEvent.Sizes sizes = set.direction(set.text("direction"));
            if (set.number("value") == 24576) {
                assertEquals("agent", sizes.setBy(), "the agent's size set again stays the agent's: " + set);
                assertEquals("as requested", sizes.outcome(), set.toString());
            } else {
                assertEquals("application", sizes.setBy(), set.toString());
            }
        }
        // finding 5: java.net accepted sockets name their local end (the listener's address and port)
        int listenerPort = run.ports().get("mixed-client-0").remote;
        List<LogEvent> accepted = log.sockets("tcp accepted");
        assertEquals(7, accepted.size(), run.toString());
        for (LogEvent event : accepted) {
            assertEquals("127.0.0.1:" + event.localPort(), event.local(), event.toString());
        }
        assertEquals(6, accepted.stream().filter(event -> event.localPort() == listenerPort).count(), log.toString());
    }

    /** The late-set bug observe mode is for: a client's SO_RCVBUF after connect is the client's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aClientsSetAfterConnectIsTheClientsAndItsAcceptedSocketKeepsItsCount(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.mode=observe", JSON, DEBUG).run("late-clients");
        JsonLog log = JsonLog.of(run);
        List<LogEvent> sets = log.events("application-set");
        assertEquals(2, sets.size(), log.toString());
        for (String name : new String[] {"late-client", "late-nio-client"}) {
            Ports ports = run.ports().get(name);
            LogEvent set = sets.stream().filter(event -> event.local() != null && event.localPort() == ports.local).findFirst()
                    .orElseThrow(() -> new AssertionError("no application-set on " + name + "'s local port " + ports.local + "\n" + log));
            assertEquals("client", set.role(), set.toString());
            assertEquals("tcp client", set.kind(), set.toString());
            assertEquals(ports.remote, set.remotePort(), set.toString());
            assertEquals("warn", set.level(), "a receive buffer set after connect: " + set);
            assertEquals(true, set.value("afterConnect"), set.toString());
            assertEquals("application", set.recv().setBy(), set.toString());
            assertEquals(run.values().get(name).recv, set.recv().effective(), set.toString());
            assertEquals("kernel default", set.send().setBy(), "the client's own send size, not inherited: " + set);
        }
        ExitSummary summary = log.exitSummary();
        assertEquals(Map.of("application", 2), summary.counts().get("tcp client"), summary.toString());
        assertEquals(Map.of("untouched", 2), summary.counts().get("tcp accepted"), summary.toString());
        assertEquals(log.countsByLastEvent(), summary.counts(), summary + "\n" + log.lastPerSocket().values());
    }

    /** However many listening ports the JVM accepted on, a client's set after connect stays the client's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aClientsSetAfterConnectIsTheClientsBeyondThreeHundredListeningPorts(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.mode=observe", JSON)
                .run("late-clients-after-many-listeners");
        JsonLog log = JsonLog.of(run);
        List<LogEvent> sets = log.events("application-set");
        assertEquals(2, sets.size(), log.toString());
        for (LogEvent set : sets) {
            assertEquals("tcp client", set.kind(), set.toString());
        }
        ExitSummary summary = log.exitSummary();
        assertEquals(302, summary.total("tcp accepted"), summary.toString());
        assertEquals(2, summary.count("tcp client", "application"), summary.toString());
        assertEquals(0, summary.count("tcp accepted", "application"), summary.toString());
    }

    /** IPv6: the local end of a java.net accepted socket in brackets, as NIO's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void javaNetAcceptedSocketsNameTheirLocalEndOnIpv6(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", JSON, DEBUG).run("ipv6-loopback");
        JsonLog log = JsonLog.of(run);
        Ports ports = run.ports().get("v6-accepted");
        List<LogEvent> accepted = log.sockets("tcp accepted").stream()
                .filter(event -> event.remote() != null && event.remotePort() == ports.remote).collect(Collectors.toList());
        assertFalse(accepted.isEmpty(), log.toString());
        // Another listener's accepted socket may have a peer on the same port number: each local end is in brackets, one is this one's.
        for (LogEvent event : accepted) {
            assertNotNull(event.local(), event.toString());
            assertTrue(event.local().matches("\\[::1]:\\d+"), event.toString());
        }
        assertTrue(accepted.stream().anyMatch(event -> event.local().equals("[::1]:" + ports.local)), accepted.toString());
        assertTrue(log.sockets("tcp accepted").stream().allMatch(event -> event.local() != null), log.toString());
    }
}
