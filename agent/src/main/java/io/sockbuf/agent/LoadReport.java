package io.sockbuf.agent;

import io.sockbuf.agent.log.LogSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one agent load (or JMX write) did, step by step. Each step is written to the agent's log as
 * it happens and kept for the CLI's reply, from the same text: a warning as {@code warning: ...},
 * a setting that cannot change at run time as {@code note: ...} (the CLI counts both as refused
 * parts of its request), what was done as it is.
 */
final class LoadReport {

    /** Warnings about the settings written per load; a huge bad value must not flood the log. */
    static final int WARNINGS_SHOWN = 10;

    private final StringBuilder reply = new StringBuilder();
    /** The warnings already in the log (each is written once per JVM); this load adds to it. */
    private final Set<String> warned;
    private String lastProblem;

    LoadReport(Set<String> warned) {
        this.warned = warned;
    }

    /**
     * Warnings about the settings: each once per JVM in the log, however often the settings are
     * re-read, and at most {@value #WARNINGS_SHOWN} per load in the log and in the reply, then how many more.
     */
    void settingsWarnings(List<String> warnings) {
        int shown = 0;
        int more = 0;
        for (String warning : warnings) {
            lastProblem = warning;
            if (shown == WARNINGS_SHOWN) {
                more++;
                continue;
            }
            shown++;
            if (warned.add(warning)) {
                LogSink.warn(warning);
            }
            reply.append("warning: ").append(warning).append('\n');
        }
        if (more > 0) {
            warning("... and " + more + " more warnings about the settings (not shown; fix the ones above and restart to see them).");
        }
    }

    /** A problem the user must hear, in the log and the reply. */
    void warning(String text) {
        LogSink.warn(text);
        reply.append("warning: ").append(text).append('\n');
    }

    /** A setting this load asked for that cannot change at run time. */
    void note(String text) {
        LogSink.warn(text);
        reply.append("note: ").append(text).append('\n');
    }

    /** What was done, in the reply, and in the log unless its level leaves startup lines out. */
    void done(String line, boolean toLog) {
        if (toLog) {
            LogSink.info(line);
        }
        reply.append(line).append('\n');
    }

    /** A step the reply says in its own words ({@code started: ...}, {@code jmx: ...}). */
    void replyOnly(String line) {
        reply.append(line).append('\n');
    }

    /** For the log's reader only: the startup line with the kernel's limits, notes on what was seen at start. */
    void logOnly(String line, boolean warn) {
        if (warn) {
            LogSink.warn(line);
        } else {
            LogSink.info(line);
        }
    }

    /** The last settings warning of this load, for "last error"; null when none. */
    String lastProblem() {
        return lastProblem;
    }

    String reply() {
        return reply.toString();
    }

    /**
     * The warnings a later load brought: those about the keys it set (even when an earlier load made
     * the same mistake), and any the earlier settings did not have. A refused key of one attach is
     * therefore not warned about again by every later attach.
     */
    static List<String> broughtBy(Set<String> keysOfThisLoad, List<String> warnings, List<String> earlierWarnings) {
        List<String> brought = new ArrayList<>();
        for (String warning : warnings) {
            if (!earlierWarnings.contains(warning) || aboutOneOf(keysOfThisLoad, warning)) {
                brought.add(warning);
            }
        }
        return brought;
    }

    /** Warnings about an agent argument start with "agent argument KEY" (see AgentArgumentSource.describe). */
    private static boolean aboutOneOf(Set<String> keys, String warning) {
        for (String key : keys) {
            String prefix = "agent argument " + key;
            if (warning.startsWith(prefix) && (warning.length() == prefix.length()
                    || " =:".indexOf(warning.charAt(prefix.length())) >= 0)) {
                return true;
            }
        }
        return false;
    }
}
