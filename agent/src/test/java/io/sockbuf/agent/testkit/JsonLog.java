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
import java.util.stream.Collectors;

/**
 * The agent's JSON log of one run ({@code -Dsockbuf.log.format=json}): every stderr line that is
 * a JSON object, parsed strictly, so tests state facts on fields instead of matching sentences.
 */
public final class JsonLog {

    private final List<LogEvent> lines;

    private JsonLog(List<LogEvent> lines) {
        this.lines = lines;
    }

    public static JsonLog of(ForkedJvm.Result run) {
        return of(run.stderr);
    }

    /**
     * Lines that are not JSON objects (the JVM's own warnings, the program's output) are left out,
     * and so is a last line still being written (no newline yet: stderr of a running JVM).
     */
    public static JsonLog of(String stderr) {
        List<LogEvent> lines = new ArrayList<>();
        String complete = stderr.substring(0, stderr.lastIndexOf('\n') + 1);
        for (String line : complete.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(LogEvent.parse(line));
            }
        }
        return new JsonLog(lines);
    }

    /** A log file once it has lines and has not grown for 300 ms (the agent writes on its own thread), or after 30 s. */
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

    public List<LogEvent> lines() {
        return lines;
    }

    /** The events of sockets: socket, application-set and rule (not dropped, which is about the log). */
    public List<LogEvent> events() {
        return lines.stream().filter(line -> line.event() != null && !line.event().equals("dropped")).collect(Collectors.toList());
    }

    /** Events of one type ({@code socket}, {@code application-set}, {@code rule}, {@code dropped}). */
    public List<LogEvent> events(String event) {
        return lines.stream().filter(line -> event.equals(line.event())).collect(Collectors.toList());
    }

    /** {@code socket} events of one kind ({@code tcp client}, {@code tcp listener}, {@code tcp accepted}, {@code udp}). */
    public List<LogEvent> sockets(String kind) {
        return events("socket").stream().filter(event -> kind.equals(event.kind())).collect(Collectors.toList());
    }

    /** Lines at level warn: warnings and socket events with a problem. */
    public List<LogEvent> warnings() {
        return lines.stream().filter(line -> "warn".equals(line.level())).collect(Collectors.toList());
    }

    /** The last event of each socket, by its {@code socket} identity (every socket event names one). */
    public Map<String, LogEvent> lastPerSocket() {
        Map<String, LogEvent> last = new LinkedHashMap<>();
        for (LogEvent event : events()) {
            if (event.socket() == null) {
                throw new AssertionError("every socket event names its socket: " + event + "\n" + this);
            }
            last.put(event.socket(), event);
        }
        return last;
    }

    /**
     * kind -> outcome -> sockets, each socket counted once under the worse outcome of its last
     * event: what the exit summary's {@link ExitSummary#counts} must say.
     */
    public Map<String, Map<String, Integer>> countsByLastEvent() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (LogEvent event : lastPerSocket().values()) {
            counts.computeIfAbsent(event.kind(), kind -> new TreeMap<>()).merge(event.worseOutcome(), 1, Integer::sum);
        }
        return counts;
    }

    public ExitSummary exitSummary() {
        return ExitSummary.in(toString());
    }

    @Override
    public String toString() {
        return lines.stream().map(LogEvent::toString).collect(Collectors.joining("\n"));
    }
}
