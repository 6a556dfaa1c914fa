package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns raw values from the config sources into {@link Settings}, every {@link Key} the same way:
 * the first source in precedence order that sets it wins; a value that is not accepted is one
 * warning and the key's default. The properties file named by {@code config} in any source is read
 * after all of them. The order the JVM offers: a running JVM's {@link RuntimeOverrides}, the
 * first load's agent argument, system properties ({@code -Dsockbuf.*}), environment ({@code SOCKBUF_*}).
 */
public final class SettingsReader {

    /** The order warnings appear in: the sizes, then what changes how they are applied, then the rest. */
    private static final Key[] READ_ORDER = {Key.RECV, Key.SEND, Key.MODE, Key.LOG, Key.RULES, Key.JMX, Key.LOG_FORMAT, Key.LOG_FILE, Key.CONFIG};
    /**
     * Read elsewhere, not listed to users (tests only): {@code test.failOn} injects a failure,
     * {@code test.listenerWaitMillis} lengthens how long a listener may wait for the agent's setup.
     */
    private static final List<String> HIDDEN_KEYS = Arrays.asList("test.failOn", "test.listenerWaitMillis");

    private final List<ConfigSource> sources;
    private final Set<String> warnings = new LinkedHashSet<>();

    private SettingsReader(List<ConfigSource> sources) {
        this.sources = sources;
    }

    /**
     * Reads the given sources, in precedence order, then the file their {@code config} names.
     * The same warning from two sources (a key unknown in two loads) is given once.
     */
    public static Settings read(List<ConfigSource> sources) {
        return new SettingsReader(new ArrayList<>(sources)).read();
    }

    /** The sources of this JVM after {@code first}: system properties, then the environment. */
    public static List<ConfigSource> withJvmSources(List<? extends ConfigSource> first) {
        return withJvmSources(first, System.getenv());
    }

    static List<ConfigSource> withJvmSources(List<? extends ConfigSource> first, Map<String, String> environment) {
        List<ConfigSource> sources = new ArrayList<>(first);
        sources.add(new SystemPropertySource());
        sources.add(new EnvironmentSource(environment));
        return sources;
    }

    /** One load's arguments and the JVM's own sources (tests). */
    static Settings fromJvm(String agentArguments, Map<String, String> environment) {
        List<ConfigSource> first = new ArrayList<>();
        first.add(new AgentArgumentSource(agentArguments));
        return read(withJvmSources(first, environment));
    }

    private Settings read() {
        ConfigSource named = sourceOf(Key.CONFIG.key());
        if (named != null) {
            List<String> fileProblems = new ArrayList<>();
            sources.add(new ConfigFileSource(named.get(Key.CONFIG.key()), named.describe(Key.CONFIG.key()), fileProblems));
            warnings.addAll(fileProblems);
        }
        for (ConfigSource source : sources) {
            warnings.addAll(source.problems());
            for (String key : source.keys()) {
                if (Key.named(key) == null && !HIDDEN_KEYS.contains(key)) {
                    warnings.add(source.describe(key) + " is not a sockbuf setting and is ignored"
                            + suggestionFor(key, source) + "; known: " + String.join(", ", Key.names()) + ".");
                }
            }
        }
        Map<Key, Settings.Value> values = new EnumMap<>(Key.class);
        for (Key key : READ_ORDER) {
            values.put(key, value(key));
            if (key == Key.MODE && values.get(Key.MODE).value == Mode.AUTO && !values.get(Key.RECV).value.equals(Settings.UNSET)) {
                warnings.add(values.get(Key.RECV).origin + " is ignored in auto mode, which leaves every receive buffer to Linux's autotuning.");
            }
        }
        return new Settings(values, new ArrayList<>(warnings));
    }

    /** The key's value from the first source that sets it, with where it came from; the default when none does or its value is refused. */
    private Settings.Value value(Key key) {
        ConfigSource source = sourceOf(key.key());
        if (source == null) {
            return Settings.Value.byDefault(key.defaultValue(), null);
        }
        String raw = source.get(key.key());
        String where = source.describe(key.key());
        List<String> ruleWarnings = new ArrayList<>();
        try {
            Object value = key.parse(raw, where, ruleWarnings);
            return Settings.Value.from(value, raw.trim(), where + "=" + raw);
        } catch (IllegalArgumentException e) {
            warnings.add(where + "=\"" + raw + "\" is not accepted: " + e.getMessage() + ". " + key.instead() + ".");
            return Settings.Value.byDefault(key.defaultValue(), "default (" + where + "=" + raw + " was not accepted)");
        } finally {
            warnings.addAll(ruleWarnings);
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

    /** " (did you mean sockbuf.recv?)", spelled as in the source the key came from (SOCKBUF_LOG_FILE, recv, ...); "" when nothing is close. */
    private static String suggestionFor(String key, ConfigSource source) {
        String best = Closest.to(key, Key.names());
        return best == null ? "" : " (did you mean " + source.spelling(best) + "?)";
    }

    /** Levenshtein distance (see {@link Closest}). */
    static int editDistance(String a, String b) {
        return Closest.editDistance(a, b);
    }
}
