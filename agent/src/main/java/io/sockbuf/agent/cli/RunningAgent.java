package io.sockbuf.agent.cli;

import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketRole;
import io.sockbuf.agent.config.ByteSize;
import io.sockbuf.agent.config.LogLevel;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.SocketEvents;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the agent in this JVM is doing, for {@code status} and the JMX MBean: the settings in effect
 * and where each came from, the socket counts, the last error. Written by {@code Startup} (under its
 * lock) at every start, attach and JMX change; read from any thread. Runs inside the target JVM and
 * references nothing of {@code jdk.attach}.
 */
public final class RunningAgent {

    private static volatile Settings settings;
    private static volatile SocketEvents log;
    private static volatile String receiveOrigin;
    private static volatile String sendOrigin;
    private static volatile boolean hooksInstalled;
    private static volatile String startedBy;
    private static volatile int loads;
    private static volatile int updates;
    private static volatile String lastSettingsProblem;
    private static volatile String jmx = "off";
    private static volatile String arguments;
    private static volatile String logFile;
    private static volatile boolean logAsJson;

    private RunningAgent() {
    }

    /**
     * The state after a start or an update.
     *
     * @param receiveOrigin where recv came from as the user should read it (e.g. a JMX write), or null
     */
    public static void record(Settings current, SocketEvents currentLog, String arguments, String receiveOrigin, String sendOrigin,
                              boolean hooksInstalled, String startedBy, int loads, int updates) {
        RunningAgent.arguments = arguments;
        RunningAgent.log = currentLog;
        RunningAgent.receiveOrigin = receiveOrigin;
        RunningAgent.sendOrigin = sendOrigin;
        RunningAgent.hooksInstalled = hooksInstalled;
        RunningAgent.startedBy = startedBy;
        RunningAgent.loads = loads;
        RunningAgent.updates = updates;
        RunningAgent.settings = current;
    }

    /** A setting that was not accepted (bad value, rejected JMX write), for "last error". */
    public static void settingsProblem(String text) {
        lastSettingsProblem = text;
    }

    /** "off", "registered as sockbuf:type=Agent", or why registration failed. */
    public static void jmx(String state) {
        jmx = state;
    }

    /** Null until the agent has read its settings in this JVM. */
    public static Settings settings() {
        return settings;
    }

    public static String receiveOrigin() {
        return receiveOrigin;
    }

    public static String sendOrigin() {
        return sendOrigin;
    }

    /**
     * Where mode, log or rules came from, as {@link Settings#origin} says: the source whose value is
     * in effect ({@code -Dsockbuf.mode=observe}), {@code default}, or a default with the refused value.
     */
    public static String origin(String key) {
        Settings current = settings;
        return current == null ? "default" : current.origin(key);
    }

    /** The log file actually written (null: stderr) and its format, fixed at the first start. */
    public static void logInUse(String file, boolean json) {
        logFile = file;
        logAsJson = json;
    }

    /** warn, info or debug: the level of the log in use (fixed once sockets are logged). */
    public static String logLevel() {
        SocketEvents currentLog = log;
        Settings current = settings;
        return (currentLog != null ? currentLog.level() : current != null ? current.logLevel() : LogLevel.INFO).name().toLowerCase(Locale.ROOT);
    }

    public static boolean hooksInstalled() {
        return hooksInstalled;
    }

    public static int updates() {
        return updates;
    }

    /** The last failed socket or internal error, else the last setting that was not accepted; null when none. */
    public static String lastError() {
        SocketEvents current = log;
        String socketError = current == null ? null : current.stats().lastError();
        return socketError != null ? socketError : lastSettingsProblem;
    }

    /** Sockets seen per kind ("tcp client" -> 12), every kind listed. */
    public static Map<String, Long> socketCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        SocketEvents current = log;
        for (SocketRole role : SocketRole.values()) {
            counts.put(role.label(), current == null ? 0L : current.stats().count(role));
        }
        return counts;
    }

    /** Sockets per kind and outcome ("tcp client: capped" -> 2), every combination listed. */
    public static Map<String, Long> outcomeCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        SocketEvents current = log;
        for (SocketRole role : SocketRole.values()) {
            for (Outcome outcome : Outcome.values()) {
                counts.put(role.label() + ": " + outcome.label(), current == null ? 0L : current.stats().count(role, outcome));
            }
        }
        return counts;
    }

    /** A size as the user writes it ("64k"), or "unset". */
    public static String size(int bytes) {
        return bytes == Settings.UNSET ? "unset" : ByteSize.format(bytes);
    }

    /** The report {@code status} prints and the MBean's Status attribute shows. */
    public static String status() {
        Settings current = settings;
        StringBuilder text = new StringBuilder();
        text.append("sockbuf ").append(io.sockbuf.agent.config.Version.TEXT)
                .append(" in JVM ").append(ProcessHandle.current().pid())
                .append(" (Java ").append(System.getProperty("java.version")).append(")\n");
        if (current == null) {
            text.append("not active: this JVM was neither started with -javaagent:sockbuf-agent.jar nor attached to; nothing was changed.\n");
            return text.toString();
        }
        text.append("  started by:  ").append(startedBy).append("; loaded ").append(loads)
                .append(loads == 1 ? " time" : " times").append(", settings updated ").append(updates)
                .append(updates == 1 ? " time" : " times").append('\n');
        text.append("  recv:        ").append(describe(current.receiveBuffer(), receiveOrigin)).append('\n');
        text.append("  send:        ").append(describe(current.sendBuffer(), sendOrigin)).append('\n');
        text.append("  rules:       ").append(current.rules().isEmpty() ? "none" : current.rules().summary() + " (" + origin("rules") + ")").append('\n');
        text.append("  mode:        ").append(current.mode().label()).append(" (").append(origin("mode")).append(")\n");
        SocketEvents currentLog = log;
        String level = logLevel();
        text.append("  log:         ").append(level).append(" (").append(level.equals(current.logLevel().name().toLowerCase(Locale.ROOT))
                ? origin("log") : "fixed at the first start; log=" + current.logLevel().name().toLowerCase(Locale.ROOT) + " takes a restart").append(')')
                .append(logAsJson ? ", json" : "").append(", to ")
                .append(logFile == null ? "stderr" : logFile).append(sameLog(current) ? "" : " (fixed at the first start; log.file and log.format take a restart)")
                .append('\n');
        text.append("  jmx:         ").append(jmx).append('\n');
        text.append("  hooks:       ").append(hooksInstalled ? "installed (once)" : "not installed: no size configured yet").append('\n');
        text.append("sockets since the agent started, by kind and outcome:\n");
        for (SocketRole role : SocketRole.values()) {
            text.append("  ").append(pad(role.label() + ":", 14))
                    .append(currentLog == null ? "0" : currentLog.stats().describe(role)).append('\n');
        }
        long dropped = io.sockbuf.agent.log.Log.dropped();
        if (dropped > 0) {
            text.append("log lines dropped: ").append(dropped).append(" (the log was not written fast enough)\n");
        }
        String error = lastError();
        text.append("last error: ").append(error == null ? "none" : error).append('\n');
        return text.toString();
    }

    private static boolean sameLog(Settings current) {
        return logAsJson == current.logAsJson() && (logFile == null ? current.logFile() == null : logFile.equals(current.logFile()));
    }

    private static String describe(int bytes, String origin) {
        if (bytes == Settings.UNSET) {
            return "unset (left alone" + (origin == null ? "" : ", " + origin) + ")";
        }
        return bytes + " bytes (" + origin + ")";
    }

    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }
}
