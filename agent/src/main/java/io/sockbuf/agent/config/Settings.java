package io.sockbuf.agent.config;

import java.util.Collections;
import java.util.List;

/** What the user asked for, where each value came from, and what was wrong with the rest. */
public final class Settings {

    /** A size that is not set: that direction is left alone. */
    public static final int UNSET = 0;

    private final int receiveBuffer;
    private final String receiveOrigin;
    private final int sendBuffer;
    private final String sendOrigin;
    private final LogLevel logLevel;
    private final Mode mode;
    private final Rules rules;
    private final boolean jmx;
    private final String logFile;
    private final boolean logAsJson;
    private final List<String> warnings;

    Settings(int receiveBuffer, String receiveOrigin, int sendBuffer, String sendOrigin,
             LogLevel logLevel, Mode mode, Rules rules, boolean jmx, String logFile, boolean logAsJson, List<String> warnings) {
        this.receiveBuffer = receiveBuffer;
        this.receiveOrigin = receiveOrigin;
        this.sendBuffer = sendBuffer;
        this.sendOrigin = sendOrigin;
        this.logLevel = logLevel;
        this.mode = mode;
        this.rules = rules;
        this.jmx = jmx;
        this.logFile = logFile;
        this.logAsJson = logAsJson;
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** SO_RCVBUF to request in bytes, or {@link #UNSET}. */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** SO_SNDBUF to request in bytes, or {@link #UNSET}. */
    public int sendBuffer() {
        return sendBuffer;
    }

    /** e.g. {@code -Dsockbuf.recv=8k}; null when unset. */
    public String receiveOrigin() {
        return receiveOrigin;
    }

    public String sendOrigin() {
        return sendOrigin;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public Mode mode() {
        return mode;
    }

    /** The same settings with another mode (a running JVM keeps the mode its hooks were woven for). */
    public Settings withMode(Mode otherMode) {
        return new Settings(receiveBuffer, receiveOrigin, sendBuffer, sendOrigin, logLevel, otherMode, rules, jmx,
                logFile, logAsJson, warnings);
    }

    /** {@code sockbuf.rules}, first match wins; {@link Rules#NONE} when unset. */
    public Rules rules() {
        return rules;
    }

    /** {@code sockbuf.jmx=true}: register the sockbuf:type=Agent MBean. */
    public boolean jmx() {
        return jmx;
    }

    /** File to append the log to ({@code sockbuf.log.file}), or null for stderr. */
    public String logFile() {
        return logFile;
    }

    /** {@code sockbuf.log.format=json}: one JSON object per line. */
    public boolean logAsJson() {
        return logAsJson;
    }

    /** One complete sentence per problem found while reading the settings. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether the agent has anything to do: sizes to set, or a mode that watches or changes the application. */
    public boolean sizesAnything() {
        return receiveBuffer != UNSET || sendBuffer != UNSET || !rules.isEmpty();
    }

    public boolean needsHooks() {
        return sizesAnything() || mode != Mode.APPLY;
    }
}
