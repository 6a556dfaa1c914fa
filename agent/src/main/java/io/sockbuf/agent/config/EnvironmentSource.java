package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Settings from {@code SOCKBUF_RECV}, {@code SOCKBUF_LOG_FILE}, ...: for containers and JAVA_TOOL_OPTIONS users. */
final class EnvironmentSource implements ConfigSource {

    static final String PREFIX = "SOCKBUF_";

    /**
     * The variables whose names start with SOCKBUF_ (the rest in any case), in the environment's own
     * order, which their warnings follow; usually none, and then nothing else is looked at.
     */
    private final Map<String, String> environment = new LinkedHashMap<>();

    EnvironmentSource(Map<String, String> environment) {
        for (String name : environment.keySet()) { // not entrySet: three more JDK classes to load at every start
            if (name.startsWith(PREFIX)) {
                this.environment.put(name, environment.get(name));
            }
        }
    }

    @Override
    public String get(String key) {
        return environment.isEmpty() ? null : environment.get(variable(key));
    }

    @Override
    public String describe(String key) {
        return variable(key);
    }

    @Override
    public String spelling(String key) {
        return variable(key);
    }

    @Override
    public Collection<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (upperCase(name)) {
                keys.add(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return keys;
    }

    /** SOCKBUF_recv is never read (the environment is case-sensitive): one warning naming SOCKBUF_RECV instead of silence. */
    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (!upperCase(name)) {
                String upper = name.toUpperCase(Locale.ROOT);
                boolean known = Key.named(upper.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.')) != null;
                problems.add("environment variable " + name + " (names are upper case) is not a sockbuf setting and is ignored"
                        + (known ? " (did you mean " + upper + "?)" : ""));
            }
        }
        return problems;
    }

    private static boolean upperCase(String name) {
        return name.equals(name.toUpperCase(Locale.ROOT));
    }

    private static String variable(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
