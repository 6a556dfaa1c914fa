package io.sockbuf.agent.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What the user asked for, where each value came from, and what was wrong with the rest. */
public final class Settings {

    /** A size that is not set: that direction is left alone. */
    public static final int UNSET = io.sockbuf.agent.model.BufferResult.UNSET;

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
    /** Per key (recv, send, mode, log, rules, ...): the value as written, e.g. 16k; absent when not set or not accepted. */
    private final Map<String, String> written;
    /** Per key: where the value in effect came from, e.g. -Dsockbuf.mode=observe; absent for a default. */
    private final Map<String, String> origins;

    Settings(int receiveBuffer, String receiveOrigin, int sendBuffer, String sendOrigin,
             LogLevel logLevel, Mode mode, Rules rules, boolean jmx, String logFile, boolean logAsJson, List<String> warnings,
             Map<String, String> written, Map<String, String> origins) {
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
        this.written = Collections.unmodifiableMap(written);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /** The value of a setting as written ({@code 16k}, {@code unset}, {@code observe}); null when not set or not accepted. */
    public String written(String key) {
        return written.get(key);
    }

    /**
     * Where the value in effect came from, as the user recognises it: {@code -Dsockbuf.mode=observe},
     * {@code agent argument recv=8k}, {@code SOCKBUF_LOG=debug}, {@code /etc/sockbuf.properties: rules=...};
     * {@code default} when nothing set it, {@code default (... was not accepted)} when a value was refused.
     */
    public String origin(String key) {
        String origin = origins.get(key);
        return origin == null ? "default" : origin;
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
    public Settings withMode(Mode otherMode, String otherOrigin) {
        Map<String, String> otherOrigins = new java.util.HashMap<>(origins);
        otherOrigins.put(SettingsReader.MODE, otherOrigin);
        return new Settings(receiveBuffer, receiveOrigin, sendBuffer, sendOrigin, logLevel, otherMode, rules, jmx,
                logFile, logAsJson, warnings, written, otherOrigins);
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

    /** Whether any size is configured: a global recv or send, or a rule. */
    public boolean sizesAnything() {
        return receiveBuffer != UNSET || sendBuffer != UNSET || !rules.isEmpty();
    }

    /** Whether the agent has anything to do: sizes to set, or a mode that watches or changes the application. */
    public boolean needsHooks() {
        return sizesAnything() || mode != Mode.APPLY;
    }
}
