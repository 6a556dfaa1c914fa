package io.sockbuf.agent.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's JSON log ({@code sockbuf.log.format=json}) as the library tests read it: the socket
 * events, each socket's last event, and the exit summary's counts. Public, with the agent's
 * test-jar, for the integration-tests module.
 */
public final class JsonLog {

    /** The socket's worst outcome, as the summary counts it (Outcome's order in the agent). */
    private static final List<String> SEVERITY = List.of("untouched", "as requested", "application", "raised", "different", "capped", "failed");

    private JsonLog() {
    }

    /** The log file once it has lines and has not grown for 300 ms (the agent writes on its own thread), or after 30 s. */
    public static String settled(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String before = read(file);
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            String now = read(file);
            if (!now.isEmpty() && now.equals(before)) {
                return now;
            }
            before = now;
        }
        return before;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }

    /** Every line that is an object, parsed strictly. */
    public static List<Map<String, Object>> lines(String log) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(MiniJson.object(line));
            }
        }
        return lines;
    }

    /** The socket events (lines with an "event" of socket, rule or application-set). */
    public static List<Map<String, Object>> socketEvents(String log) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Map<String, Object> line : lines(log)) {
            Object event = line.get("event");
            if ("socket".equals(event) || "rule".equals(event) || "application-set".equals(event)) {
                events.add(line);
            }
        }
        return events;
    }

    /** The last event of each socket, by its "socket" identity; an event without one fails. */
    public static Map<String, Map<String, Object>> lastPerSocket(List<Map<String, Object>> events) {
        Map<String, Map<String, Object>> last = new LinkedHashMap<>();
        for (Map<String, Object> event : events) {
            Object socket = event.get("socket");
            if (socket == null) {
                throw new AssertionError("every socket event names its socket: " + event);
            }
            last.put((String) socket, event);
        }
        return last;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> direction(Map<String, Object> event, String direction) {
        return (Map<String, Object>) event.get(direction);
    }

    public static int number(Object value) {
        return ((Number) value).intValue();
    }

    /** The worse outcome of the event's two directions. */
    public static String outcome(Map<String, Object> event) {
        String receive = (String) direction(event, "recv").get("outcome");
        String send = (String) direction(event, "send").get("outcome");
        return SEVERITY.indexOf(receive) >= SEVERITY.indexOf(send) ? receive : send;
    }

    /** kind -> outcome -> sockets, from each socket's last event. */
    public static Map<String, Map<String, Integer>> countsOf(Map<String, Map<String, Object>> last) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Map<String, Object> event : last.values()) {
            counts.computeIfAbsent((String) event.get("kind"), k -> new TreeMap<>()).merge(outcome(event), 1, Integer::sum);
        }
        return counts;
    }

    /** kind -> outcome -> sockets, from "at exit: tcp client 3 (1 as requested, 2 application); ..."; null without a summary. */
    public static Map<String, Map<String, Integer>> exitSummary(String log) {
        String summary = null;
        for (Map<String, Object> line : lines(log)) {
            Object message = line.get("message");
            if (message instanceof String && ((String) message).startsWith("at exit: ")) {
                summary = (String) message;
            }
        }
        if (summary == null) {
            return null;
        }
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Matcher kind = Pattern.compile("(tcp client|tcp listener|tcp accepted|udp) \\d+ \\(([^)]*)\\)").matcher(summary);
        while (kind.find()) {
            Map<String, Integer> perOutcome = new TreeMap<>();
            for (String part : kind.group(2).split(", ")) {
                int space = part.indexOf(' ');
                perOutcome.put(part.substring(space + 1), Integer.parseInt(part.substring(0, space)));
            }
            counts.put(kind.group(1), perOutcome);
        }
        return counts;
    }

    /** The port of an "ip:port" or "[ipv6]:port" end; -1 for null. */
    public static int port(Object end) {
        if (end == null) {
            return -1;
        }
        String text = (String) end;
        return Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
    }
}
