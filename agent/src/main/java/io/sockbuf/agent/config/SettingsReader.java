package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns raw values from the config sources into {@link Settings}, collecting one warning per bad
 * value. Precedence, first wins: agent argument, system property ({@code -Dsockbuf.*}),
 * environment ({@code SOCKBUF_*}), then the properties file named by {@code config} in any of those.
 */
public final class SettingsReader {

    static final String RECV = "recv";
    static final String SEND = "send";
    static final String LOG = "log";
    static final String CONFIG = "config";
    static final String LOG_FILE = "log.file";
    static final String LOG_FORMAT = "log.format";
    static final String MODE = "mode";
    static final String JMX = "jmx";
    static final String RULES = "rules";
    private static final List<String> KNOWN_KEYS = Arrays.asList(RECV, SEND, RULES, MODE, LOG, LOG_FILE, LOG_FORMAT, JMX, CONFIG);
    /** Read elsewhere, not listed to users: {@code test.failOn} injects a failure (tests only). */
    private static final List<String> HIDDEN_KEYS = Arrays.asList("test.failOn");

    private final List<ConfigSource> sources;
    private final List<String> warnings;
    private final Map<String, String> written = new HashMap<>();
    private final Map<String, String> origins = new HashMap<>();

    private SettingsReader(List<ConfigSource> sources, List<String> warnings) {
        this.sources = sources;
        this.warnings = warnings;
    }

    /** Reads the given sources, in precedence order (tests, and later sources such as a live update). */
    public static Settings read(List<ConfigSource> sources) {
        return new SettingsReader(sources, new ArrayList<String>()).read();
    }

    /** Reads every source the JVM offers: the agent argument, system properties, environment, file. */
    public static Settings fromJvm(String agentArguments) {
        return fromJvm(agentArguments, System.getenv());
    }

    static Settings fromJvm(String agentArguments, Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(new AgentArgumentSource(agentArguments, warnings));
        sources.add(new SystemPropertySource());
        sources.add(new EnvironmentSource(environment));
        for (ConfigSource source : new ArrayList<>(sources)) {
            String path = source.get(CONFIG);
            if (path != null) {
                sources.add(new ConfigFileSource(path, source.describe(CONFIG), warnings));
                break;
            }
        }
        SettingsReader reader = new SettingsReader(sources, warnings);
        for (ConfigSource source : sources) {
            for (String key : source.keys()) {
                if (!KNOWN_KEYS.contains(key) && !HIDDEN_KEYS.contains(key)) {
                    warnings.add(source.describe(key) + " is not a sockbuf setting and is ignored"
                            + suggestionFor(key, source) + "; known: " + String.join(", ", KNOWN_KEYS) + ".");
                }
            }
        }
        return reader.read();
    }

    private Settings read() {
        String[] recvOrigin = new String[1];
        String[] sendOrigin = new String[1];
        int recv = size(RECV, "Receive buffers (SO_RCVBUF)", recvOrigin);
        int send = size(SEND, "Send buffers (SO_SNDBUF)", sendOrigin);
        String logFile = first(LOG_FILE);
        Mode mode = mode();
        if (mode == Mode.AUTO && recv != Settings.UNSET) {
            warnings.add(recvOrigin[0] + " is ignored in auto mode, which leaves every receive buffer to Linux's autotuning.");
        }
        if (logFile != null) {
            accepted(sourceOf(LOG_FILE), LOG_FILE);
        }
        return new Settings(recv, recvOrigin[0], send, sendOrigin[0], logLevel(), mode, rules(), jmx(),
                logFile == null || logFile.trim().isEmpty() ? null : logFile.trim(), logAsJson(), warnings, written, origins);
    }

    private int size(String key, String direction, String[] origin) {
        ConfigSource source = sourceOf(key);
        if (source == null) {
            return Settings.UNSET;
        }
        String raw = source.get(key);
        try {
            int bytes = ByteSize.parseOrUnset(raw);
            origin[0] = source.describe(key) + "=" + raw;
            accepted(source, key);
            return bytes;
        } catch (IllegalArgumentException e) {
            reject(source, key, e.getMessage() + ". Expected " + ByteSize.ACCEPTED + ". " + direction + " are left alone.");
            return Settings.UNSET;
        }
    }

    /** The first source, in precedence order, that sets this key; null when none does. */
    private ConfigSource sourceOf(String key) {
        for (ConfigSource source : sources) {
            if (source.get(key) != null) {
                return source;
            }
        }
        return null;
    }

    private String first(String key) {
        ConfigSource source = sourceOf(key);
        return source == null ? null : source.get(key);
    }

    /** Remembers an accepted value as written and where it came from. */
    private void accepted(ConfigSource source, String key) {
        written.put(key, source.get(key).trim());
        origins.put(key, source.describe(key) + "=" + source.get(key));
    }

    /** One warning for a value that is not accepted: the setting as the user wrote it, then why and what happens instead. */
    private void reject(ConfigSource source, String key, String whyAndInstead) {
        origins.put(key, "default (" + source.describe(key) + "=" + source.get(key) + " was not accepted)");
        warnings.add(source.describe(key) + "=\"" + source.get(key) + "\" is not accepted: " + whyAndInstead);
    }

    private Rules rules() {
        ConfigSource source = sourceOf(RULES);
        if (source == null) {
            return Rules.NONE;
        }
        accepted(source, RULES);
        return Rules.parse(source.get(RULES), source.describe(RULES), warnings);
    }

    private Mode mode() {
        ConfigSource source = sourceOf(MODE);
        if (source == null) {
            return Mode.APPLY;
        }
        try {
            Mode mode = Mode.parse(source.get(MODE));
            accepted(source, MODE);
            return mode;
        } catch (IllegalArgumentException e) {
            String closest = Closest.to(source.get(MODE), Mode.labels());
            reject(source, MODE, "expected " + Mode.ACCEPTED + (closest == null ? "" : " (did you mean " + closest + "?)") + ". Using apply.");
            return Mode.APPLY;
        }
    }

    private LogLevel logLevel() {
        ConfigSource source = sourceOf(LOG);
        if (source == null) {
            return LogLevel.INFO;
        }
        try {
            LogLevel level = LogLevel.parse(source.get(LOG));
            accepted(source, LOG);
            return level;
        } catch (IllegalArgumentException e) {
            reject(source, LOG, e.getMessage() + ". Expected " + LogLevel.ACCEPTED + ". Logging at info.");
            return LogLevel.INFO;
        }
    }

    private boolean jmx() {
        return yesOrNo(JMX, "true", "false", "expected true or false. JMX stays off.");
    }

    private boolean logAsJson() {
        return yesOrNo(LOG_FORMAT, "json", "text", "expected text or json. Logging as text.");
    }

    /** A two-valued setting: true for {@code yes} (any case), false for {@code no} or when unset; anything else warns and is false. */
    private boolean yesOrNo(String key, String yes, String no, String whyAndInstead) {
        ConfigSource source = sourceOf(key);
        if (source == null) {
            return false;
        }
        String value = source.get(key).trim();
        if (value.equalsIgnoreCase(yes) || value.equalsIgnoreCase(no)) {
            accepted(source, key);
            return value.equalsIgnoreCase(yes);
        }
        reject(source, key, whyAndInstead);
        return false;
    }

    /** " (did you mean sockbuf.recv?)", spelled as in the source the key came from (SOCKBUF_LOG_FILE, recv, ...); "" when nothing is close. */
    private static String suggestionFor(String key, ConfigSource source) {
        String best = Closest.to(key, KNOWN_KEYS);
        return best == null ? "" : " (did you mean " + source.spelling(best) + "?)";
    }

    /** Levenshtein distance (see {@link Closest}). */
    static int editDistance(String a, String b) {
        return Closest.editDistance(a, b);
    }
}
