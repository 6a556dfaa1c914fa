package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Settings from {@code SOCKBUF_RECV}, {@code SOCKBUF_LOG_FILE}, ...: for containers and JAVA_TOOL_OPTIONS users. */
final class EnvironmentSource implements ConfigSource {

    static final String PREFIX = "SOCKBUF_";

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
                keys.add(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return keys;
    }

    private static String variable(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
