package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Settings from {@code SOCKBUF_RECV}, {@code SOCKBUF_LOG_FILE}, ...: for containers and JAVA_TOOL_OPTIONS users. */
final class EnvironmentSource implements ConfigSource {

    static final String PREFIX = "SOCKBUF_";
    /**
     * Ends the key of a variable with lower-case letters (SOCKBUF_recv), which {@link #get} never
     * reads: so the key is unknown and warned about, with the upper-case name as the suggestion,
     * instead of being ignored silently. (Closest trims it off when it looks for that suggestion.)
     */
    private static final char LOWER_CASE_NAME = '\u0000';

    private final Map<String, String> environment;

    EnvironmentSource(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String get(String key) {
        return environment.get(variable(key));
    }

    @Override
    public String describe(String key) {
        if (key.indexOf(LOWER_CASE_NAME) >= 0) {
            for (String name : environment.keySet()) {
                if (name.startsWith(PREFIX) && key.equals(key(name))) {
                    return "environment variable " + name + " (names are upper case)";
                }
            }
        }
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
            if (name.startsWith(PREFIX)) {
                keys.add(key(name));
            }
        }
        return keys;
    }

    private static String key(String name) {
        String suffix = name.substring(PREFIX.length());
        String key = suffix.toLowerCase(Locale.ROOT).replace('_', '.');
        return suffix.equals(suffix.toUpperCase(Locale.ROOT)) ? key : key + LOWER_CASE_NAME;
    }

    private static String variable(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
