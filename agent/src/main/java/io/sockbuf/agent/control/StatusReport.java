package io.sockbuf.agent.control;

import io.sockbuf.agent.bridge.SocketKind;
import io.sockbuf.agent.config.ByteSize;
import io.sockbuf.agent.config.Key;
import io.sockbuf.agent.config.LogLevel;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.config.Version;
import io.sockbuf.agent.log.LogSink;
import io.sockbuf.agent.log.SocketLog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the agent in this JVM is doing, read from one {@link AgentState}: the report {@code status}
 * prints and the MBean's Status attribute shows, and the figures the MBean shows one by one.
 * Every method takes null for "the agent never started here".
 */
public final class StatusReport {

    private StatusReport() {
    }

    /** The report {@code status} prints. */
    public static String of(AgentState state) {
        StringBuilder text = new StringBuilder();
        text.append("sockbuf ").append(Version.TEXT)
                .append(" in JVM ").append(ProcessHandle.current().pid())
                .append(" (Java ").append(System.getProperty("java.version")).append(")\n");
        if (state == null || state.settings == null) {
            text.append("not active: this JVM was neither started with -javaagent:sockbuf-agent.jar nor attached to; nothing was changed.\n");
            return text.toString();
        }
        Settings current = state.settings;
        text.append("  started by:  ").append(state.startedBy).append("; loaded ").append(state.loads)
                .append(state.loads == 1 ? " time" : " times").append(", settings updated ").append(state.updates)
                .append(state.updates == 1 ? " time" : " times").append('\n');
        text.append("  recv:        ").append(describe(current.receiveBuffer(), current.receiveOrigin())).append('\n');
        text.append("  send:        ").append(describe(current.sendBuffer(), current.sendOrigin())).append('\n');
        text.append("  rules:       ").append(current.rules().isEmpty() ? "none" : current.rules().summary() + " (" + current.origin(Key.RULES) + ")").append('\n');
        text.append("  mode:        ").append(current.mode().label()).append(" (").append(current.origin(Key.MODE)).append(")\n");
        String level = logLevel(state);
        String asked = current.logLevel().name().toLowerCase(Locale.ROOT);
        text.append("  log:         ").append(level).append(" (").append(level.equals(asked)
                ? current.origin(Key.LOG) : "fixed at the first start; log=" + asked + " takes a restart").append(')')
                .append(state.logAsJson ? ", json" : "").append(", to ")
                .append(state.logFile == null ? "stderr" : state.logFile)
                .append(sameLog(state) ? "" : " (fixed at the first start; log.file and log.format take a restart)")
                .append('\n');
        text.append("  jmx:         ").append(state.jmx).append('\n');
        text.append("  hooks:       ").append(state.hooksInstalled ? "installed (once)" : "not installed: no size configured yet").append('\n');
        text.append("sockets since the agent started, by kind and outcome:\n");
        String[] outcomes = SocketLog.outcomeLabels();
        for (SocketKind kind : SocketKind.values()) {
            long total = state.log == null ? 0 : state.log.count(kind);
            text.append("  ").append(pad(kind.label() + ":", 14)).append(total);
            if (total > 0) {
                long[] perOutcome = state.log.outcomeCounts(kind);
                text.append(" (");
                boolean first = true;
                for (int i = 0; i < outcomes.length; i++) {
                    if (perOutcome[i] > 0) {
                        text.append(first ? "" : ", ").append(perOutcome[i]).append(' ').append(outcomes[i]);
                        first = false;
                    }
                }
                text.append(')');
            }
            text.append('\n');
        }
        long dropped = LogSink.dropped();
        if (dropped > 0) {
            text.append("log lines dropped: ").append(dropped).append(" (the log was not written fast enough)\n");
        }
        String error = lastError(state);
        text.append("last error: ").append(error == null ? "none" : error).append('\n');
        return text.toString();
    }

    /** warn, info or debug: the level of the log in use (fixed once sockets are logged). */
    public static String logLevel(AgentState state) {
        LogLevel level = state == null || state.settings == null ? LogLevel.INFO
                : state.log != null ? state.log.level() : state.settings.logLevel();
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** The last failed socket or internal error, else the last setting that was not accepted; null when none. */
    public static String lastError(AgentState state) {
        if (state == null) {
            return null;
        }
        String socketError = state.log == null ? null : state.log.lastError();
        return socketError != null ? socketError : state.lastSettingsProblem;
    }

    /** Sockets seen per kind ("tcp client" -> 12), every kind listed. */
    public static Map<String, Long> socketCounts(AgentState state) {
        Map<String, Long> counts = new LinkedHashMap<>();
        SocketLog log = state == null ? null : state.log;
        for (SocketKind kind : SocketKind.values()) {
            counts.put(kind.label(), log == null ? 0L : log.count(kind));
        }
        return counts;
    }

    /** Sockets per kind and outcome ("tcp client: capped" -> 2), every combination listed. */
    public static Map<String, Long> outcomeCounts(AgentState state) {
        Map<String, Long> counts = new LinkedHashMap<>();
        SocketLog log = state == null ? null : state.log;
        String[] outcomes = SocketLog.outcomeLabels();
        for (SocketKind kind : SocketKind.values()) {
            long[] perOutcome = log == null ? new long[outcomes.length] : log.outcomeCounts(kind);
            for (int i = 0; i < outcomes.length; i++) {
                counts.put(kind.label() + ": " + outcomes[i], perOutcome[i]);
            }
        }
        return counts;
    }

    /** A size as the user writes it ("64k"), or "unset". */
    public static String size(int bytes) {
        return bytes == Settings.UNSET ? ByteSize.UNSET_WORD : ByteSize.format(bytes);
    }

    private static boolean sameLog(AgentState state) {
        Settings current = state.settings;
        return state.logAsJson == current.logAsJson()
                && (state.logFile == null ? current.logFile() == null : state.logFile.equals(current.logFile()));
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
