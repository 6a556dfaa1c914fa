package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Settings from {@code -Dsockbuf.<key>=...}. */
final class SystemPropertySource implements ConfigSource {

    static final String PREFIX = "sockbuf.";

    @Override
    public String get(String key) {
        return System.getProperty(PREFIX + key);
    }

    @Override
    public String describe(String key) {
        return "-D" + PREFIX + key;
    }

    @Override
    public String spelling(String key) {
        return PREFIX + key;
    }

    @Override
    public Collection<String> keys() {
        List<String> keys = new ArrayList<>();
        // The live key set, not stringPropertyNames(), which copies every property into a new map.
        for (Object name : System.getProperties().keySet()) {
            if (name instanceof String && ((String) name).startsWith(PREFIX)) {
                keys.add(((String) name).substring(PREFIX.length()));
            }
        }
        return keys;
    }
}
