package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accepted sockets' send size is set once on their listener, which Linux copies into each
 * socket it accepts: the listener's event says the size it holds (what ss shows as its tb, see
 * EverySocketKindIT), each accepted socket's that its size came from the listener, and all count as
 * the agent's. A rule that needs an accepted socket's address still sets it on each.
 */
class ListenerSendIT {

    private static final int SEND = 40960;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void acceptedSocketsHoldTheSendSizeTheirListenerWasGiven(Jdk jdk) throws Exception {
        for (String scenario : new String[] {"socket", "nio"}) {
            JsonLog log = run(jdk, scenario);
            int listeners = 0;
            int accepted = 0;
            for (LogEvent event : log.lastPerSocket().values()) {
                if ("listener".equals(event.role()) && event.send().requested() != 0) {
                    listeners++;
                    assertEquals(SEND, event.send().effective(), event.toString());
                    assertEquals(2L * SEND, event.send().kernel(), event.toString());
                    assertEquals("as requested", event.send().outcome(), event.toString());
                    assertEquals("agent", event.send().setBy(), event.toString());
                } else if ("accepted".equals(event.role())) {
                    accepted++;
                    assertEquals(SEND, event.send().effective(), event.toString());
                    assertEquals("as requested", event.send().outcome(), event.toString());
                    assertEquals("listener", event.send().setBy(), event.toString());
                }
            }
            assertTrue(listeners > 0 && accepted > 0, scenario + ": " + log.events());
            Map<String, Map<String, Integer>> summary = log.exitSummary().counts();
            assertEquals(Map.of("as requested", accepted), summary.get("tcp accepted"), scenario);
            assertEquals(log.countsByLastEvent(), summary, scenario);
        }
    }

    /**
     * A server opening its listeners in parallel at startup: each but one finds the native lookup
     * under way in another thread. Each waits for it and gets the size, so none makes the JVM set
     * every accepted socket at accept. The wait is lengthened from 100 ms (test-only property), so
     * that a busy machine's slow setup does not decide the verdict.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void listenersMadeAtOnceAllGetTheSendSizeAndTheirAcceptedSocketsInheritIt(Jdk jdk) throws Exception {
        JsonLog log = run(jdk, "nio-listeners-at-once", "-Dsockbuf.test.listenerWaitMillis=60000");
        int listeners = 0;
        int accepted = 0;
        for (LogEvent event : log.lastPerSocket().values()) {
            if ("listener".equals(event.role())) {
                listeners++;
                assertEquals("agent", event.send().setBy(), event.toString());
                assertEquals(2L * SEND, event.send().kernel(), event.toString());
            } else if ("accepted".equals(event.role())) {
                accepted++;
                assertEquals("listener", event.send().setBy(), event.toString());
                assertEquals(SEND, event.send().effective(), event.toString());
            }
        }
        assertEquals(16, listeners, log.events().toString());
        assertEquals(16, accepted, log.events().toString());
    }

    /**
     * 32 virtual threads (JDK 21+) make the JVM's first listeners at once. A virtual thread does not
     * wait for the setup another thread is doing (parked, it would queue for a carrier behind every
     * other runnable virtual thread), so some listeners may go without the send size; then the JVM
     * sets it on each accepted socket at accept. Either way every accepted socket holds the size,
     * as read back from the kernel, and its log says who set it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#withVirtualThreads")
    void listenersMadeAtOnceByVirtualThreadsLeaveEveryAcceptedSocketSizedAndSayWhoSetIt(Jdk jdk) throws Exception {
        JsonLog log = run(jdk, "nio-listeners-at-once", "-Dprobe.virtual=true", "-Dprobe.listeners=32");
        int listeners = 0;
        int listenersWithout = 0;
        int accepted = 0;
        for (LogEvent event : log.lastPerSocket().values()) {
            if ("listener".equals(event.role())) {
                listeners++;
                if ("agent".equals(event.send().setBy())) {
                    assertEquals(2L * SEND, event.send().kernel(), event.toString());
                } else {
                    listenersWithout++;
                    assertEquals("untouched", event.send().outcome(), event.toString());
                }
            } else if ("accepted".equals(event.role())) {
                accepted++;
                assertEquals(SEND, event.send().effective(), event.toString());
                assertEquals(2L * SEND, event.send().kernel(), event.toString());
                assertTrue(List.of("listener", "agent").contains(event.send().setBy()), event.toString());
            }
        }
        assertEquals(32, listeners, log.events().toString());
        assertEquals(32, accepted, log.events().toString());
        if (listenersWithout == 0) {
            for (LogEvent event : log.lastPerSocket().values()) {
                if ("accepted".equals(event.role())) {
                    assertEquals("listener", event.send().setBy(), event.toString());
                }
            }
        }
        assertEquals(log.countsByLastEvent(), log.exitSummary().counts());
    }

    /**
     * The channel listener's send size goes through the class the agent defines in sun.nio.ch with
     * the woven constructor's lookup, not through an opened package (JDK 16+: JDK 11-15 open every
     * package to the class path's code anyway, --illegal-access=permit): its accepted socket holds it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aChannelListenerGetsItsSendSizeWithoutOpeningSunNioCh(Jdk jdk) throws Exception {
        checkListenerReach(jdk);
    }

    /** The bridge is public: an application's own call with its own lookup must not use up the one definition. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anApplicationCallingTheBridgeWithItsOwnLookupDoesNotStopTheListenersSize(Jdk jdk) throws Exception {
        checkListenerReach(jdk, "-Dprobe.junkBridgeCallFirst=true");
    }

    private static void checkListenerReach(Jdk jdk, String... options) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k", "-Dsockbuf.log.format=json",
                "-Dsockbuf.log=debug").withOptions(options).run("nio-listener-reach");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("listener-class-defined true"), run.toString());
        if (jdk.feature >= 16) {
            assertTrue(run.stdout.contains("sun.nio.ch-open-to-agent false"), run.toString());
        }
        int accepted = 0;
        for (LogEvent event : JsonLog.of(run).lastPerSocket().values()) {
            if ("accepted".equals(event.role())) {
                accepted++;
                assertEquals("listener", event.send().setBy(), event.toString());
                assertEquals(SEND, event.send().effective(), event.toString());
            }
        }
        assertEquals(1, accepted, run.toString());
    }

    /** The application sets a listener's receive size (java.net and NIO): that event, the listener's last, keeps its send size. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aListenersLaterEventStillSaysTheSendSizeItHoldsForItsAcceptedSockets(Jdk jdk) throws Exception {
        JsonLog log = run(jdk, "who-set-it");
        int listeners = 0;
        for (LogEvent event : log.lastPerSocket().values()) {
            if ("listener".equals(event.role())) {
                listeners++;
                assertEquals("application-set", event.event(), event.toString());
                assertEquals(SEND, event.send().effective(), event.toString());
                assertEquals(2L * SEND, event.send().kernel(), event.toString());
                assertEquals("agent", event.send().setBy(), event.toString());
            }
        }
        assertEquals(2, listeners, log.events().toString());
        assertEquals(log.countsByLastEvent(), log.exitSummary().counts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRuleOnTheAcceptedSocketsPeerSetsEachOneAndTheListenerNone(Jdk jdk) throws Exception {
        JsonLog log = run(jdk, "nio", "-Dsockbuf.rules=accepted:host=127.0.0.0/8:send=64k");
        int accepted = 0;
        for (LogEvent event : log.lastPerSocket().values()) {
            if ("listener".equals(event.role())) {
                assertEquals(0, event.send().requested(), event.toString());
            } else if ("accepted".equals(event.role())) {
                accepted++;
                assertEquals(65536, event.send().effective(), event.toString());
                assertEquals("agent rule accepted:host=127.0.0.0/8:send=64k", event.send().setBy(), event.toString());
            }
        }
        assertTrue(accepted > 0, log.events().toString());
    }

    private static JsonLog run(Jdk jdk, String scenario, String... options) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k", "-Dsockbuf.log.format=json",
                "-Dsockbuf.log=debug").withOptions(options).run(scenario);
        assertEquals(0, run.exitCode, run.toString());
        return JsonLog.of(run);
    }
}
