package io.sockbuf.agent.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A config source backed by a map, describing each key as "NAME KEY" (like "-Dsockbuf.recv"): for tests. */
final class MapSource implements ConfigSource {

    private final String name;
    private final Map<String, String> values = new LinkedHashMap<>();

    private MapSource(String name) {
        this.name = name;
    }

    /** {@code of("props", "recv", "8k", "send", "16384")}. */
    static ConfigSource of(String name, String... keyValues) {
        MapSource source = new MapSource(name);
        for (int i = 0; i < keyValues.length; i += 2) {
            source.values.put(keyValues[i], keyValues[i + 1]);
        }
        return source;
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public String describe(String key) {
        return name + " " + key;
    }

    @Override
    public Collection<String> keys() {
        return values.keySet();
    }
}
