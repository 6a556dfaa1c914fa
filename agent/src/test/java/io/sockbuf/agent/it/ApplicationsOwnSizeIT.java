package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A size the application set itself stays the application's in the socket's last event and in
 * the exit summary where the agent's request makes it easy to take for someone else's: a request
 * below the kernel's minimum (which "raises" the agent's own size, never the application's), and
 * a rule applied at connect or bind after the application's set (observe mode, where the rule sets
 * nothing, and apply mode, where the rule sets the other direction). Each socket is found by its
 * application-set event, whose value is unique in the probe's scenario.
 */
class ApplicationsOwnSizeIT {

    private static final String JSON = "-Dsockbuf.log.format=json";
    private static final String DEBUG = "-Dsockbuf.log=debug";
    /** A size Linux raised from below its minimum is at most this (as the JDK reports it); the probe's sizes are far above. */
    private static final int RAISED_AT_MOST = 4608;
    private static final String ADDRESS_RULES = "-Dsockbuf.rules=client:host=127.0.0.1:recv=8m;listener:host=127.0.0.1:recv=113k;"
            + "udp:host=127.0.0.1:send=7k";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aSizeAboveTheMinimumIsTheApplicationsWhenTheAgentAsksForLessThanTheMinimum(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=1", "-Dsockbuf.send=1", JSON, DEBUG)
                .run("own-sizes-above-the-minimum");
        JsonLog log = JsonLog.of(run);

        LogEvent both = lastEventOf(log, "tcp client", "recv", 30000);
        assertApplications(both, "recv", run.values().get("both").recv);
        assertApplications(both, "send", run.values().get("both").send);
        assertEquals("info", both.level(), "the application's sizes are no problem: " + both);
        LogEvent nio = lastEventOf(log, "tcp client", "recv", 32000);
        assertApplications(nio, "recv", run.values().get("nio-both").recv);
        assertApplications(nio, "send", run.values().get("nio-both").send);
        LogEvent sendOnly = lastEventOf(log, "tcp client", "send", 31000);
        assertApplications(sendOnly, "send", run.values().get("send-only").send);
        assertEquals("raised", sendOnly.recv().outcome(), "the agent's own 1 is raised: " + sendOnly);
        assertEquals("agent", sendOnly.recv().setBy(), sendOnly.toString());

        assertNoApplicationSizeCalledRaised(log);
        assertCountsAgree(log);
        assertEquals(Map.of("application", 2, "raised", 1), log.exitSummary().counts().get("tcp client"), log.exitSummary().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aSizeAboveTheMinimumIsTheApplicationsWhenTheAgentAsksForLessInOneDirection(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=1", JSON, DEBUG).run("own-sizes-above-the-minimum");
        JsonLog log = JsonLog.of(run);

        for (String name : new String[] {"both", "send-only", "nio-both"}) {
            int send = run.values().get(name).send;
            LogEvent last = lastEventOf(log, "tcp client", "send", send);
            assertApplications(last, "send", send);
            assertEquals("info", last.level(), name + ": " + last);
        }
        assertNoApplicationSizeCalledRaised(log);
        assertCountsAgree(log);
        assertEquals(Map.of("application", 3), log.exitSummary().counts().get("tcp client"), log.exitSummary().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void observeWithARuleThatNeedsTheAddressReportsTheApplicationsSizes(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=24k", "-Dsockbuf.mode=observe", ADDRESS_RULES, JSON, DEBUG)
                .run("own-sizes-before-address-rules");
        JsonLog log = JsonLog.of(run);
        Map<String, Buffers> values = run.values();

        assertRuleLineIsTheApplications(lastEventOf(log, "tcp listener", "recv", 20000), "recv", values.get("listener").recv);
        assertRuleLineIsTheApplications(lastEventOf(log, "tcp listener", "recv", 21000), "recv", values.get("nio-listener").recv);
        LogEvent client = lastEventOf(log, "tcp client", "send", 30000);
        assertRuleLineIsTheApplications(client, "send", values.get("client").send);
        assertEquals("kernel default", client.recv().setBy(), client.toString());
        LogEvent udp = lastEventOf(log, "udp", "recv", 40000);
        assertRuleLineIsTheApplications(udp, "recv", values.get("udp").recv);
        assertEquals("kernel default", udp.send().setBy(), "observe sets nothing: " + udp);
        for (LogEvent event : log.events()) {
            assertEquals("info", event.level(), "observe: no problem of the agent's: " + event);
        }

        assertCountsAgree(log);
        ExitSummary summary = log.exitSummary();
        assertEquals(Map.of("application", 1, "untouched", 1), summary.counts().get("tcp client"), summary.toString());
        assertEquals(Map.of("application", 2), summary.counts().get("tcp listener"), summary.toString());
        assertEquals(Map.of("application", 1), summary.counts().get("udp"), summary.toString());
    }

    /** Apply mode: the rule sizes the other direction; the socket, counted as the application's since its set, moves from there. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void applyWithARuleThatNeedsTheAddressCountsTheApplicationsEarlierSet(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(ADDRESS_RULES, JSON, DEBUG).run("own-sizes-before-address-rules");
        JsonLog log = JsonLog.of(run);
        Map<String, Buffers> values = run.values();

        LogEvent client = lastEventOf(log, "tcp client", "send", 30000);
        assertRuleLineIsTheApplications(client, "send", values.get("client").send);
        assertEquals("capped", client.recv().outcome(), "the rule's 8m is capped: " + client);
        assertRuleLineIsTheApplications(lastEventOf(log, "tcp listener", "recv", 20000), "recv", values.get("listener").recv);
        LogEvent udp = lastEventOf(log, "udp", "recv", 40000);
        assertRuleLineIsTheApplications(udp, "recv", values.get("udp").recv);
        assertEquals("agent rule udp:host=127.0.0.1:send=7k", udp.send().setBy(), udp.toString());

        assertCountsAgree(log);
        assertEquals(Map.of("capped", 2), log.exitSummary().counts().get("tcp client"), log.exitSummary().toString());
    }

    /**
     * A rule line at bind names the address asked for, never port 0 (the kernel chooses the port
     * in the bind), and is there for a bind that then fails as well (the sizes were set on that socket).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRuleLineAtBindNamesNoPortZero(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.rules=listener:host=127.0.0.1:recv=98k;udp:host=127.0.0.1:recv=115k",
                JSON, DEBUG).run("binds");
        JsonLog log = JsonLog.of(run);
        assertTrue(run.stdout.contains("bind-failed listener") && run.stdout.contains("bind-failed udp"), run.toString());

        int listenerPort = run.ports().get("listener").local;
        int udpPort = run.ports().get("udp").local;
        java.util.List<LogEvent> rules = log.events("rule");
        assertEquals(5, rules.size(), "one rule line per bind: " + log);
        for (LogEvent rule : rules) {
            assertTrue(rule.local() == null || !rule.local().endsWith(":0"), "no port 0: " + rule);
            assertTrue(!rule.text("address").endsWith(":0"), "no port 0: " + rule);
            assertEquals("as requested", rule.recv().outcome(), rule.toString());
        }
        // the binds to a port in use name the port they asked for
        assertEquals(1, rules.stream().filter(rule -> ("127.0.0.1:" + listenerPort).equals(rule.local())).count(), log.toString());
        assertEquals(1, rules.stream().filter(rule -> ("127.0.0.1:" + udpPort).equals(rule.local())).count(), log.toString());
        assertCountsAgree(log);
    }

    /** The last event of the socket whose application-set event of this kind set {@code direction} to {@code value}. */
    private static LogEvent lastEventOf(JsonLog log, String kind, String direction, int value) {
        LogEvent set = log.events("application-set").stream()
                .filter(event -> kind.equals(event.kind()) && direction.equals(event.text("direction")) && event.number("value") == value)
                .findFirst().orElseThrow(() -> new AssertionError("no application-set " + kind + " " + direction + "=" + value + " in\n" + log));
        return log.lastPerSocket().get(set.socket());
    }

    private static void assertApplications(LogEvent event, String direction, int probeReads) {
        LogEvent.Sizes sizes = event.direction(direction);
        assertEquals("application", sizes.outcome(), direction + ": " + event);
        assertEquals("application", sizes.setBy(), direction + ": " + event);
        assertEquals(probeReads, sizes.effective(), direction + ": " + event);
        assertEquals(2L * probeReads, sizes.kernel(), direction + ": " + event);
    }

    /** The socket's last event is the rule line written at connect/bind, and it says the application's size. */
    private static void assertRuleLineIsTheApplications(LogEvent event, String direction, int probeReads) {
        assertEquals("rule", event.event(), "a rule that needs the address was applied last: " + event);
        assertApplications(event, direction, probeReads);
    }

    private static void assertNoApplicationSizeCalledRaised(JsonLog log) {
        for (LogEvent event : log.events()) {
            for (LogEvent.Sizes sizes : new LogEvent.Sizes[] {event.recv(), event.send()}) {
                assertTrue(!sizes.outcome().equals("raised") || sizes.effective() <= RAISED_AT_MOST,
                        "only the agent's tiny request is raised, never to the application's size: " + event);
            }
        }
    }

    /** The exit summary counts each socket once, under the worse outcome of its last event. */
    private static void assertCountsAgree(JsonLog log) {
        ExitSummary summary = log.exitSummary();
        assertEquals(log.countsByLastEvent(), summary.counts(), summary + "\n" + log.lastPerSocket().values());
    }
}
