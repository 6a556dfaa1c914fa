package io.sockbuf.agent.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the user asked for: the value of every {@link Key}, where each came from, and what was wrong with the rest. */
public final class Settings {

    /** A size that is not set: that direction is left alone. */
    public static final int UNSET = 0;

    private final Map<Key, Value> values;
    private final List<String> warnings;
    // The typed values the socket path reads, taken out once.
    private final int receiveBuffer;
    private final int sendBuffer;
    private final Mode mode;
    private final Rules rules;
    private final LogLevel logLevel;

    Settings(Map<Key, Value> values, List<String> warnings) {
        this.values = values;
        this.warnings = Collections.unmodifiableList(warnings);
        this.receiveBuffer = (Integer) values.get(Key.RECV).value;
        this.sendBuffer = (Integer) values.get(Key.SEND).value;
        this.mode = (Mode) values.get(Key.MODE).value;
        this.rules = (Rules) values.get(Key.RULES).value;
        this.logLevel = (LogLevel) values.get(Key.LOG).value;
    }

    /** The value of a setting as written ({@code 16k}, {@code unset}, {@code observe}); null when not set or not accepted. */
    public String written(String key) {
        Key known = Key.named(key);
        return known == null ? null : values.get(known).written;
    }

    /**
     * Where the value in effect came from, as the user recognises it: {@code -Dsockbuf.mode=observe},
     * {@code agent argument recv=8k}, {@code SOCKBUF_LOG=debug}, {@code /etc/sockbuf.properties: rules=...},
     * {@code JMX ReceiveBuffer=64k}; {@code default} when nothing set it, {@code default (... was not accepted)}
     * when a value was refused.
     */
    public String origin(Key key) {
        String origin = values.get(key).origin;
        return origin == null ? "default" : origin;
    }

    /** {@link #origin(Key)} by the key's name ({@code mode}, {@code rules}, {@code log}). */
    public String origin(String key) {
        Key known = Key.named(key);
        return known == null ? "default" : origin(known);
    }

    /** SO_RCVBUF to request in bytes, or {@link #UNSET}. */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** SO_SNDBUF to request in bytes, or {@link #UNSET}. */
    public int sendBuffer() {
        return sendBuffer;
    }

    /** Where recv came from when a source set it, e.g. {@code -Dsockbuf.recv=8k}; null when it is the default. */
    public String receiveOrigin() {
        return acceptedOrigin(Key.RECV);
    }

    public String sendOrigin() {
        return acceptedOrigin(Key.SEND);
    }

    private String acceptedOrigin(Key key) {
        Value value = values.get(key);
        return value.written == null ? null : value.origin;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public Mode mode() {
        return mode;
    }

    /** The same settings with another mode (a running JVM keeps the mode its hooks were woven for). */
    public Settings withMode(Mode otherMode, String otherOrigin) {
        Map<Key, Value> other = new EnumMap<>(values);
        other.put(Key.MODE, new Value(otherMode, otherMode.label(), otherOrigin));
        return new Settings(other, warnings);
    }

    /** {@code sockbuf.rules}, first match wins; {@link Rules#NONE} when unset. */
    public Rules rules() {
        return rules;
    }

    /** {@code sockbuf.jmx=true}: register the sockbuf:type=Agent MBean. */
    public boolean jmx() {
        return (Boolean) values.get(Key.JMX).value;
    }

    /** File to append the log to ({@code sockbuf.log.file}), or null for stderr. */
    public String logFile() {
        return (String) values.get(Key.LOG_FILE).value;
    }

    /** {@code sockbuf.log.format=json}: one JSON object per line. */
    public boolean logAsJson() {
        return (Boolean) values.get(Key.LOG_FORMAT).value;
    }

    /** One complete sentence per problem found while reading the settings. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether the agent sizes anything: a recv or send size, or a rule. */
    public boolean sizesAnything() {
        return receiveBuffer != UNSET || sendBuffer != UNSET || !rules.isEmpty();
    }

    /** Whether the hooks are needed: sizes to set, or a mode that watches or changes the application. */
    public boolean needsHooks() {
        return sizesAnything() || mode != Mode.APPLY;
    }

    /** One key's value, as written and where from. */
    static final class Value {
        final Object value;
        /** As written, trimmed; null when no source set it or its value was refused. */
        final String written;
        /** e.g. {@code -Dsockbuf.mode=observe}; null for a default nobody tried to change. */
        final String origin;

        Value(Object value, String written, String origin) {
            this.value = value;
            this.written = written;
            this.origin = origin;
        }

        static Value from(Object value, String written, String origin) {
            return new Value(value, written, origin);
        }

        static Value byDefault(Object value, String refused) {
            return new Value(value, null, refused);
        }
    }
}
