package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Settings from {@code -Dsockbuf.<key>=...}. */
public final class SystemPropertySource implements ConfigSource {

    static final String PREFIX = "sockbuf.";

    @Override
    public String get(String key) {
        return System.getProperty(PREFIX + key);
    }

    @Override
    public String describe(String key) {
        return "-D" + PREFIX + key;
    }

    /** Names (without prefix) of every sockbuf.* system property that is set. */
    public List<String> keysPresent() {
        List<String> keys = new ArrayList<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                keys.add(name.substring(PREFIX.length()));
            }
        }
        return keys;
    }
}
