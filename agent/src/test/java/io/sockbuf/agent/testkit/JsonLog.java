package io.sockbuf.agent.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public List<LogEvent> lines() {
        return lines;
    }

    /** Lines with structured fields: socket, application-set, rule and dropped events. */
    public List<LogEvent> events() {
        return lines.stream().filter(line -> line.event() != null).collect(Collectors.toList());
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

    public ExitSummary exitSummary() {
        return ExitSummary.in(toString());
    }

    @Override
    public String toString() {
        return lines.stream().map(LogEvent::toString).collect(Collectors.joining("\n"));
    }
}
