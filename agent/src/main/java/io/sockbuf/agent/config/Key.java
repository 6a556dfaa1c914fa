package io.sockbuf.agent.config;

import java.util.List;

/**
 * Every setting sockbuf knows, in the order users see them listed: its name (as in an agent
 * argument, {@code recv}; {@code -Dsockbuf.recv}, {@code SOCKBUF_RECV} in the other sources), what
 * it accepts, its default, and what happens instead when a value is not accepted. Every source is
 * read through these ({@link SettingsReader}); the CLI checks sizes with them too.
 */
public enum Key {
    RECV("recv", ByteSize.ACCEPTED + ", or " + ByteSize.UNSET_WORD, "Receive buffers (SO_RCVBUF) are left alone"),
    SEND("send", ByteSize.ACCEPTED + ", or " + ByteSize.UNSET_WORD, "Send buffers (SO_SNDBUF) are left alone"),
    RULES("rules", "ROLE[:port=N][:host=IP[/PREFIX]]:recv=SIZE[:send=SIZE] rules separated by ;", "the rule is left out"),
    MODE("mode", Mode.ACCEPTED, "Using apply"),
    LOG("log", LogLevel.ACCEPTED, "Logging at info"),
    LOG_FILE("log.file", "a file to append the log to", "Logging to stderr"),
    LOG_FORMAT("log.format", "text or json", "Logging as text"),
    JMX("jmx", "true or false", "JMX stays off"),
    CONFIG("config", "a properties file of at most 1 MiB", "No settings are read from it");

    private final String name;
    private final String accepted;
    private final String instead;

    Key(String name, String accepted, String instead) {
        this.name = name;
        this.accepted = accepted;
        this.instead = instead;
    }

    /** As written in an agent argument or a config file: {@code recv}, {@code log.file}. */
    public String key() {
        return name;
    }

    /** What a value must look like, for messages and the CLI's usage. */
    public String accepted() {
        return accepted;
    }

    /** What happens when a value is not accepted (the end of its warning). */
    public String instead() {
        return instead;
    }

    /** The key named so ({@code recv}, also {@code sockbuf.recv} or {@code -Dsockbuf.recv}); null when no setting has that name. */
    public static Key named(String written) {
        String key = KeyValue.key(written);
        for (Key candidate : values()) {
            if (candidate.name.equals(key)) {
                return candidate;
            }
        }
        return null;
    }

    /** Every name, in order (for "known: ..." and "did you mean ...?"). */
    static List<String> names() {
        List<String> names = new java.util.ArrayList<>();
        for (Key key : values()) {
            names.add(key.name);
        }
        return names;
    }

    /** The value when no source sets this key. */
    public Object defaultValue() {
        if (this == RECV || this == SEND) {
            return Settings.UNSET;
        }
        if (this == RULES) {
            return Rules.NONE;
        }
        if (this == MODE) {
            return Mode.APPLY;
        }
        if (this == LOG) {
            return LogLevel.INFO;
        }
        if (this == LOG_FORMAT || this == JMX) {
            return Boolean.FALSE;
        }
        return null; // log.file (stderr), config (none)
    }

    /**
     * The value of {@code raw}: an Integer of bytes (recv, send; {@link Settings#UNSET} for unset),
     * {@link Rules}, {@link Mode}, {@link LogLevel}, a Boolean (log.format json, jmx), a String
     * (log.file, null when blank; config).
     *
     * @param where    the setting as the user recognises it, for the rules' own warnings
     * @param warnings where the rules put a warning per rule they leave out
     * @throws IllegalArgumentException why the value is not accepted, ending with what is expected
     */
    public Object parse(String raw, String where, List<String> warnings) {
        if (this == RECV || this == SEND) {
            try {
                return ByteSize.parseOrUnset(raw);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + ". Expected " + ByteSize.ACCEPTED);
            }
        }
        if (this == RULES) {
            return Rules.parse(raw, where, warnings);
        }
        if (this == MODE) {
            try {
                return Mode.parse(raw);
            } catch (IllegalArgumentException e) {
                String closest = Closest.to(raw, Mode.labels());
                throw new IllegalArgumentException("expected " + Mode.ACCEPTED + (closest == null ? "" : " (did you mean " + closest + "?)"));
            }
        }
        if (this == LOG) {
            try {
                return LogLevel.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + ". Expected " + LogLevel.ACCEPTED);
            }
        }
        if (this == LOG_FORMAT) {
            return yesOrNo(raw, "json", "text", accepted);
        }
        if (this == JMX) {
            return yesOrNo(raw, "true", "false", accepted);
        }
        if (this == LOG_FILE) {
            return raw.trim().isEmpty() ? null : raw.trim();
        }
        return raw; // config: the file's own problems are warned by ConfigFileSource
    }

    /** A two-valued setting, any case: true for {@code yes}, false for {@code no}. */
    private static Boolean yesOrNo(String raw, String yes, String no, String accepted) {
        String value = raw.trim();
        if (value.equalsIgnoreCase(yes) || value.equalsIgnoreCase(no)) {
            return value.equalsIgnoreCase(yes);
        }
        throw new IllegalArgumentException("expected " + accepted);
    }
}
