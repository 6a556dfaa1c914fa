package io.sockbuf.agent.log;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;

/**
 * Where the agent's lines go and in which shape: stderr (default) or an appended file, as text
 * ({@code [sockbuf] ...}) or one JSON object per line. One place, so every line follows the setting.
 */
public final class LogSink {

    static final String PREFIX = "[sockbuf] ";

    private static volatile PrintStream file;
    private static volatile boolean json;

    private LogSink() {
    }

    /**
     * Sends further lines to {@code path} (appended, created if missing) and/or as JSON. A path that
     * cannot be written leaves the lines on stderr and returns why, for one warning there.
     */
    public static String configure(String path, boolean asJson) {
        json = asJson;
        if (path == null) {
            return null;
        }
        File target = new File(path);
        if (Files.isSymbolicLink(target.toPath())) {
            return "the log file " + path + " is a symbolic link, which sockbuf does not follow; logging to stderr instead.";
        }
        try {
            file = new PrintStream(new FileOutputStream(target, true), true, "UTF-8");
            return null;
        } catch (IOException | SecurityException e) {
            return "the log file " + path + " cannot be written (" + e.getMessage() + "); logging to stderr instead.";
        }
    }

    public static void info(String message) {
        write("info", message, null);
    }

    public static void warn(String message) {
        write("warning", message, null);
    }

    /** A line with structured fields for JSON ({@code "name":value,...} without braces); text shows only the message. */
    static void event(String level, String message, String jsonFields) {
        write(level, message, jsonFields);
    }

    private static void write(String level, String message, String jsonFields) {
        PrintStream out = file != null ? file : System.err;
        if (json) {
            out.println("{\"time\":\"" + java.time.Instant.now() + "\",\"level\":\"" + level + "\","
                    + (jsonFields == null ? "" : jsonFields + ",") + "\"message\":" + quote(message) + "}");
        } else {
            out.println(PREFIX + (level.equals("warning") ? "WARNING: " : "") + message);
        }
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
