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
        for (String name : System.getProperties().stringPropertyNames()) { // with defaults, String values only, as getProperty sees them
            if (name.startsWith(PREFIX)) {
                keys.add(name.substring(PREFIX.length()));
            }
        }
        return keys;
    }
}
