package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.MiniJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
        List<Map<String, Object>> events = events(run);
        Map<String, Map<String, Object>> last = lastEventPerSocket(events, run);

        // the application's sets are its own, never "raised" or "different"
        for (Map<String, Object> event : events) {
            for (String direction : new String[] {"recv", "send"}) {
                Map<String, Object> result = direction(event, direction);
                String outcome = (String) result.get("outcome");
                assertFalse(outcome.equals("raised") || outcome.equals("different"), "no untruth: " + event);
                if (outcome.equals("application")) {
                    assertEquals("application", result.get("setBy"), event.toString());
                }
            }
        }
        Map<String, Object> listenerSet = applicationSet(events, "tcp listener", "recv", 32768);
        assertEquals(32768, number(direction(listenerSet, "recv").get("effective")), listenerSet.toString());
        assertTrue(((String) listenerSet.get("callSite")).startsWith("io.sockbuf.agent.probe.scenario.ApplicationSizes.whoSetIt(ApplicationSizes.java:"),
                listenerSet.toString());
        Map<String, Object> acceptedSet = applicationSet(events, "tcp accepted", "send", 49152);
        assertEquals(true, acceptedSet.get("afterConnect"), acceptedSet.toString());
        assertEquals("listener", direction(acceptedSet, "recv").get("setBy"), acceptedSet.toString());
        assertEquals("accepted", acceptedSet.get("role"), acceptedSet.toString());
        assertEquals("info", acceptedSet.get("level"), "SO_SNDBUF after accept is no problem: " + acceptedSet);
        applicationSet(events, "tcp client", "recv", 16384);
        applicationSet(events, "tcp client", "send", 20480);
        applicationSet(events, "tcp accepted", "send", 57344);

        // each accepted socket's last event holds what the probe reads back
        assertLastEventHolds(last, run, "app-accepted", "application");
        assertLastEventHolds(last, run, "nio-accepted", "application");
        assertLastEventHolds(last, run, "plain-accepted", "agent");
        assertCountsAgree(last, run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void observeShowsTheSizesTheApplicationSetOnListenersAndAcceptedSockets(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.mode=observe", JSON_DEBUG[0], JSON_DEBUG[1])
                .run("who-set-it");
        List<Map<String, Object>> events = events(run);
        Map<String, Map<String, Object>> last = lastEventPerSocket(events, run);
        applicationSet(events, "tcp listener", "recv", 32768);
        applicationSet(events, "tcp listener", "recv", 40960);
        assertLastEventHolds(last, run, "app-accepted", "application");
        assertLastEventHolds(last, run, "plain-accepted", "kernel default");
        assertCountsAgree(last, run);
        for (String line : run.sockbufLines()) {
            assertFalse(line.contains("send is set on each accepted socket"), "observe sets nothing: " + line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void overrideReplacesTheSetsSoNoApplicationSetIsReported(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=64k", "-Dsockbuf.mode=override",
                JSON_DEBUG[0], JSON_DEBUG[1]).run("who-set-it");
        List<Map<String, Object>> events = events(run);
        assertTrue(events.stream().noneMatch(event -> "application-set".equals(event.get("event"))), run.toString());
        Map<String, Map<String, Object>> last = lastEventPerSocket(events, run);
        assertLastEventHolds(last, run, "app-accepted", "agent");
        assertCountsAgree(last, run);
    }

    /** A rule applied at connect that is capped, next to application sets: the summary counts the rule's outcome. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aMixedRunCountsRuleOutcomesAndApplicationSetsOnce(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=64k",
                "-Dsockbuf.rules=client:host=127.0.0.0/8:send=1g", JSON_DEBUG[0], JSON_DEBUG[1]).run("who-set-it");
        List<Map<String, Object>> events = events(run);
        Map<String, Map<String, Object>> last = lastEventPerSocket(events, run);
        Map<String, Object> rule = events.stream().filter(event -> "rule".equals(event.get("event"))).findFirst().orElse(null);
        assertNotNull(rule, run.toString());
        assertEquals("capped", direction(rule, "send").get("outcome"), rule.toString());
        assertEquals("warn", rule.get("level"), rule.toString());
        assertEquals("agent rule client:host=127.0.0.0/8:send=1g", direction(rule, "send").get("setBy"), rule.toString());
        assertCountsAgree(last, run);
    }

    // --- the events

    static List<Map<String, Object>> events(ForkedJvm.Result run) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : run.stderr.split("\n")) {
            if (line.startsWith("{")) {
                Map<String, Object> event = MiniJson.object(line);
                if (event.containsKey("event")) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    /** The last event of each socket, by its "socket" identity. */
    static Map<String, Map<String, Object>> lastEventPerSocket(List<Map<String, Object>> events, ForkedJvm.Result run) {
        Map<String, Map<String, Object>> last = new LinkedHashMap<>();
        for (Map<String, Object> event : events) {
            Object socket = event.get("socket");
            assertNotNull(socket, "every socket event names its socket: " + event + "\n" + run);
            last.put((String) socket, event);
        }
        return last;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> direction(Map<String, Object> event, String direction) {
        return (Map<String, Object>) event.get(direction);
    }

    static int number(Object value) {
        return ((Number) value).intValue();
    }

    private static Map<String, Object> applicationSet(List<Map<String, Object>> events, String kind, String direction, int value) {
        return events.stream().filter(event -> "application-set".equals(event.get("event")) && kind.equals(event.get("kind"))
                        && direction.equals(event.get("direction")) && number(event.get("value")) == value)
                .findFirst().orElseThrow(() -> new AssertionError("no application-set " + kind + " " + direction + "=" + value + " in " + events));
    }

    /** The socket's worst outcome, as the summary counts it. */
    private static final List<String> SEVERITY = List.of("untouched", "as requested", "application", "raised", "different", "capped", "failed");

    static String outcome(Map<String, Object> event) {
        String receive = (String) direction(event, "recv").get("outcome");
        String send = (String) direction(event, "send").get("outcome");
        return SEVERITY.indexOf(receive) >= SEVERITY.indexOf(send) ? receive : send;
    }

    /** "at exit: tcp client 3 (1 as requested, 2 application); ..." against the last events. */
    static void assertCountsAgree(Map<String, Map<String, Object>> last, ForkedJvm.Result run) {
        Map<String, Map<String, Integer>> fromEvents = new TreeMap<>();
        for (Map<String, Object> event : last.values()) {
            fromEvents.computeIfAbsent((String) event.get("kind"), k -> new TreeMap<>()).merge(outcome(event), 1, Integer::sum);
        }
        Map<String, Map<String, Integer>> fromSummary = new TreeMap<>();
        String summary = null;
        for (String line : run.stderr.split("\n")) {
            if (line.contains("\"message\":\"at exit: ")) {
                summary = (String) MiniJson.object(line).get("message");
            }
        }
        assertNotNull(summary, run.toString());
        Matcher kind = Pattern.compile("(tcp client|tcp listener|tcp accepted|udp) \\d+ \\(([^)]*)\\)").matcher(summary);
        while (kind.find()) {
            Map<String, Integer> counts = new TreeMap<>();
            for (String part : kind.group(2).split(", ")) {
                int space = part.indexOf(' ');
                counts.put(part.substring(space + 1), Integer.parseInt(part.substring(0, space)));
            }
            fromSummary.put(kind.group(1), counts);
        }
        assertEquals(fromEvents, fromSummary, summary + "\n" + last.values());
    }

    /** The accepted socket the probe reported as {@code name}: its last event's sizes are the ones it reads back. */
    private static void assertLastEventHolds(Map<String, Map<String, Object>> last, ForkedJvm.Result run, String name, String sendSetBy) {
        Buffers values = run.values().get(name);
        int clientPort = run.ports().get(name).remote;
        Map<String, Object> event = last.values().stream()
                .filter(e -> e.get("remote") != null && ((String) e.get("remote")).endsWith(":" + clientPort))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no event for " + name + " in " + last.values()));
        assertEquals(values.recv, number(direction(event, "recv").get("effective")), name + ": " + event);
        assertEquals(values.send, number(direction(event, "send").get("effective")), name + ": " + event);
        assertEquals(sendSetBy, direction(event, "send").get("setBy"), name + ": " + event);
    }
}
