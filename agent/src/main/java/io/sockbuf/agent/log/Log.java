package io.sockbuf.agent.log;

import java.io.OutputStream;

/**
 * The agent's only output, for every package: lines prefixed {@code [sockbuf]} on stderr (default)
 * or appended to a file, as text or one JSON object per line. One place, so every line follows the
 * setting. Never java.util.logging, which premain would initialise before the application
 * configures it. Lines are handed to {@link LogSink}, so no caller ever waits for one to be written.
 */
public final class Log {

    static final String PREFIX = "[sockbuf] ";

    private static volatile boolean json;

    private Log() {
    }

    /**
     * Sends further lines to {@code path} (appended, created if missing) and/or as JSON. Only a
     * regular file is opened, so opening cannot block (a FIFO would); anything else leaves the lines
     * on stderr and returns why, for one warning there.
     */
    public static String configure(String path, boolean asJson) {
        json = asJson;
        return path == null ? null : LogSink.toFile(path);
    }

    /** Whether lines are JSON: only then are an event's fields built (text shows only the message). */
    static boolean asJson() {
        return json;
    }

    public static void info(String message) {
        LogSink.offer(line("info", message, null, false));
    }

    public static void warn(String message) {
        LogSink.offer(line("warn", message, null, true));
    }

    /**
     * A line with structured fields for JSON ({@code "name":value,...} without braces); text shows
     * only the message. Level {@code warn} (JSON: a socket's problem: capped, raised, failed, a late
     * set) or {@code info}; in text only plain warnings get the "WARNING: " prefix, socket lines
     * keep theirs readable by kind ({@link #warningEvent} for a socket event that is one).
     */
    static void event(String level, String message, String jsonFields) {
        LogSink.offer(line(level, message, jsonFields, false));
    }

    /** A socket event that is also a warning in text ("WARNING: " prefix). */
    static void warningEvent(String message, String jsonFields) {
        LogSink.offer(line("warn", message, jsonFields, true));
    }

    /**
     * Unit tests: further lines go to {@code out} (null: back to stderr). Read them after
     * {@link #awaitWritten}.
     */
    public static void writeTo(OutputStream out) {
        LogSink.writeTo(out);
    }

    /** Lines that were dropped because the writer could not keep up (stderr blocked, a slow disk). */
    public static long dropped() {
        return LogSink.dropped();
    }

    /**
     * Waits at most {@code millis} for the lines queued so far to be written: the exit summary's
     * shutdown hook, so JVM exit is never held up by a blocked stderr for longer than that.
     */
    public static void awaitWritten(long millis) {
        LogSink.awaitWritten(millis);
    }

    /** {@code textWarning}: in text the line starts with "WARNING: " (JSON has the level). */
    static String line(String level, String message, String jsonFields, boolean textWarning) {
        return json
                ? "{\"time\":\"" + java.time.Instant.now() + "\",\"level\":\"" + level + "\","
                        + (jsonFields == null ? "" : jsonFields + ",") + "\"message\":" + quote(message) + "}\n"
                : PREFIX + (textWarning ? "WARNING: " : "") + message + '\n';
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
