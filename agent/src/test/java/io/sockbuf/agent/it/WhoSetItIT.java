package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whose size is in force, and counts that agree with the lines. The probe's "who-set-it" sizes
 * sockets the way servers and clients do themselves (a listener's SO_RCVBUF before bind, each
 * accepted socket's SO_SNDBUF after accept, a client's SO_RCVBUF/SO_SNDBUF before connect; java.net
 * and NIO) next to sockets it leaves alone. Every socket's last JSON event must show what the
 * probe reads back, and the exit summary must count each socket once, by that event's outcome.
 */
class WhoSetItIT {

    private static final String[] JSON_DEBUG = {"-Dsockbuf.log.format=json", "-Dsockbuf.log=debug"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void applyReportsTheApplicationsSetsAsTheApplicationsAndCountsEachSocketOnce(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=64k", JSON_DEBUG[0], JSON_DEBUG[1])
                .run("who-set-it");
        JsonLog log = JsonLog.of(run);

        // the application's sets are its own, never "raised" or "different"
        for (LogEvent event : log.events()) {
            LogEvent.Sizes[] both = {event.recv(), event.send()};
            for (int direction = 0; direction < both.length; direction++) {
                LogEvent.Sizes sizes = both[direction];
                assertFalse(sizes.outcome().equals("raised") || sizes.outcome().equals("different"), "no untruth: " + event);
                if (sizes.outcome().equals("application")) {
                    // an accepted socket's receive size, the application's set on its listener, says where it came from
                    boolean inherited = "accepted".equals(event.role()) && direction == 0 && "listener".equals(sizes.setBy());
                    assertTrue("application".equals(sizes.setBy()) || inherited, event.toString());
                }
            }
        }
        LogEvent listenerSet = applicationSet(log, "tcp listener", "recv", 32768);
        assertEquals(32768, listenerSet.recv().effective(), listenerSet.toString());
        assertTrue(listenerSet.text("callSite").startsWith("io.sockbuf.agent.probe.scenario.ApplicationSizes.whoSetIt(ApplicationSizes.java:"),
                listenerSet.toString());
        LogEvent acceptedSet = applicationSet(log, "tcp accepted", "send", 49152);
        assertEquals(true, acceptedSet.value("afterConnect"), acceptedSet.toString());
        assertEquals("listener", acceptedSet.recv().setBy(), acceptedSet.toString());
        assertEquals("accepted", acceptedSet.role(), acceptedSet.toString());
        assertEquals("info", acceptedSet.level(), "SO_SNDBUF after accept is no problem: " + acceptedSet);
        applicationSet(log, "tcp client", "recv", 16384);
        applicationSet(log, "tcp client", "send", 20480);
        applicationSet(log, "tcp accepted", "send", 57344);

        // each accepted socket's last event holds what the probe reads back
        assertLastEventHolds(log, run, "app-accepted", "application");
        assertLastEventHolds(log, run, "nio-accepted", "application");
        // the agent's send size, set on the listener for its accepted sockets
        assertLastEventHolds(log, run, "plain-accepted", "listener");
        assertCountsAgree(log);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void observeShowsTheSizesTheApplicationSetOnListenersAndAcceptedSockets(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.mode=observe", JSON_DEBUG[0], JSON_DEBUG[1])
                .run("who-set-it");
        JsonLog log = JsonLog.of(run);
        applicationSet(log, "tcp listener", "recv", 32768);
        applicationSet(log, "tcp listener", "recv", 40960);
        assertLastEventHolds(log, run, "app-accepted", "application");
        assertLastEventHolds(log, run, "plain-accepted", "kernel default");
        assertCountsAgree(log);
        for (LogEvent event : log.events()) {
            assertFalse(event.recv().setBy().startsWith("agent") || event.send().setBy().startsWith("agent"), "observe sets nothing: " + event);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void overrideReplacesTheSetsSoNoApplicationSetIsReported(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=64k", "-Dsockbuf.mode=override",
                JSON_DEBUG[0], JSON_DEBUG[1]).run("who-set-it");
        JsonLog log = JsonLog.of(run);
        assertEquals(0, log.events("application-set").size(), run.toString());
        assertLastEventHolds(log, run, "app-accepted", "listener"); // the application's set was made the agent's size again
        assertCountsAgree(log);
    }

    /** A rule applied at connect that is capped, next to application sets: the summary counts the rule's outcome. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aMixedRunCountsRuleOutcomesAndApplicationSetsOnce(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=64k",
                "-Dsockbuf.rules=client:host=127.0.0.0/8:send=1g", JSON_DEBUG[0], JSON_DEBUG[1]).run("who-set-it");
        JsonLog log = JsonLog.of(run);
        LogEvent rule = log.events("rule").stream().findFirst().orElseThrow(() -> new AssertionError("no rule event: " + run));
        assertEquals("capped", rule.send().outcome(), rule.toString());
        assertEquals("warn", rule.level(), rule.toString());
        assertEquals("agent rule client:host=127.0.0.0/8:send=1g", rule.send().setBy(), rule.toString());
        assertCountsAgree(log);
    }

    /**
     * A driver that sets SO_RCVBUF after connect on every connection: at info one warning for its
     * call site and one event for a new size there, not a line per connection; each of the six
     * clients is counted as the application's; at debug every set is an event.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLateSetOnEveryConnectionIsOneWarningPerCallSiteAndEveryClientIsCounted(Jdk jdk) throws Exception {
        ForkedJvm.Result info = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=8k", "-Dsockbuf.send=8k", JSON_DEBUG[0])
                .run("set-after-connect-every-time");
        JsonLog log = JsonLog.of(info);
        List<LogEvent> sets = log.events("application-set");
        assertEquals(List.of(24576, 32768), sets.stream().map(event -> event.number("value")).collect(Collectors.toList()), info.toString());
        assertEquals("warn", sets.get(0).level(), "the call site's first late set is its warning: " + sets.get(0));
        assertEquals("info", sets.get(1).level(), "a new size at a call site already warned about: " + sets.get(1));
        assertEquals(1, log.warnings().size(), info.toString());
        assertEquals(6, log.exitSummary().count("tcp client", "application"), log.exitSummary().toString());
        for (int i = 1; i <= 6; i++) {
            assertEquals(i < 6 ? 24576 : 32768, info.values().get("late-client-" + i).recv, info.toString());
        }

        ForkedJvm.Result debug = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=8k", "-Dsockbuf.send=8k", JSON_DEBUG[0], JSON_DEBUG[1])
                .run("set-after-connect-every-time");
        assertEquals(6, JsonLog.of(debug).events("application-set").size(), debug.toString());
        assertCountsAgree(JsonLog.of(debug));
    }

    private static LogEvent applicationSet(JsonLog log, String kind, String direction, int value) {
        return log.events("application-set").stream()
                .filter(event -> kind.equals(event.kind()) && direction.equals(event.text("direction")) && event.number("value") == value)
                .findFirst().orElseThrow(() -> new AssertionError("no application-set " + kind + " " + direction + "=" + value + " in\n" + log));
    }

    /** The exit summary counts each socket once, under the worse outcome of its last event. */
    private static void assertCountsAgree(JsonLog log) {
        ExitSummary summary = log.exitSummary();
        assertEquals(log.countsByLastEvent(), summary.counts(), summary + "\n" + log.lastPerSocket().values());
    }

    /** The accepted socket the probe reported as {@code name}: its last event's sizes are the ones it reads back. */
    private static void assertLastEventHolds(JsonLog log, ForkedJvm.Result run, String name, String sendSetBy) {
        Buffers values = run.values().get(name);
        int clientPort = run.ports().get(name).remote;
        LogEvent event = log.lastPerSocket().values().stream()
                .filter(e -> e.remote() != null && e.remote().endsWith(":" + clientPort))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no event for " + name + " in\n" + log));
        assertEquals(values.recv, event.recv().effective(), name + ": " + event);
        assertEquals(values.send, event.send().effective(), name + ": " + event);
        assertEquals(sendSetBy, event.send().setBy(), name + ": " + event);
    }
}
