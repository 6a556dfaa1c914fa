package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
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
                            + suggestionFor(key) + "; known: " + String.join(", ", KNOWN_KEYS) + ".");
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
        return new Settings(recv, recvOrigin[0], send, sendOrigin[0], logLevel(), mode, rules(), jmx(),
                logFile == null || logFile.trim().isEmpty() ? null : logFile.trim(), logAsJson(), warnings);
    }

    private int size(String key, String direction, String[] origin) {
        ConfigSource source = sourceOf(key);
        if (source == null) {
            return Settings.UNSET;
        }
        String raw = source.get(key);
        try {
            int bytes = ByteSize.parse(raw);
            origin[0] = source.describe(key) + "=" + raw;
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

    /** One warning for a value that is not accepted: the setting as the user wrote it, then why and what happens instead. */
    private void reject(ConfigSource source, String key, String whyAndInstead) {
        warnings.add(source.describe(key) + "=\"" + source.get(key) + "\" is not accepted: " + whyAndInstead);
    }

    private Rules rules() {
        ConfigSource source = sourceOf(RULES);
        return source == null ? Rules.NONE : Rules.parse(source.get(RULES), source.describe(RULES), warnings);
    }

    private Mode mode() {
        ConfigSource source = sourceOf(MODE);
        if (source == null) {
            return Mode.APPLY;
        }
        try {
            return Mode.parse(source.get(MODE));
        } catch (IllegalArgumentException e) {
            reject(source, MODE, "expected " + Mode.ACCEPTED + ". Using apply.");
            return Mode.APPLY;
        }
    }

    private LogLevel logLevel() {
        ConfigSource source = sourceOf(LOG);
        if (source == null) {
            return LogLevel.INFO;
        }
        try {
            return LogLevel.parse(source.get(LOG));
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
            return value.equalsIgnoreCase(yes);
        }
        reject(source, key, whyAndInstead);
        return false;
    }

    private static String suggestionFor(String key) {
        String best = null;
        int bestDistance = Math.max(2, key.length() / 2) + 1; // e.g. "recieve" still finds recv
        for (String known : KNOWN_KEYS) {
            int distance = editDistance(key.toLowerCase(), known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean sockbuf." + best + "?)";
    }

    /** Levenshtein distance; the keys are a few characters long. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
