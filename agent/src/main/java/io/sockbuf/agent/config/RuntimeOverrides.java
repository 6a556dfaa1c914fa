package io.sockbuf.agent.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was set in a running JVM, after its first start: the arguments of every later agent load
 * ({@code attach}, another {@code -javaagent}) and JMX writes. The newest setting of a key wins;
 * keys it leaves alone keep theirs. Read like any other source, first in precedence; immutable,
 * so a state holding it never changes under a reader.
 */
public final class RuntimeOverrides implements ConfigSource {

    public static final RuntimeOverrides NONE = new RuntimeOverrides(Collections.<String, Setting>emptyMap());

    private final Map<String, Setting> settings;

    private RuntimeOverrides(Map<String, Setting> settings) {
        this.settings = settings;
    }

    /** These overrides with every key {@code newer} sets taken from it, as {@code newer} describes it. */
    public RuntimeOverrides with(ConfigSource newer) {
        Map<String, Setting> next = new LinkedHashMap<>(settings);
        for (String key : newer.keys()) {
            next.remove(key); // the newest goes last, for keys() in the order they were set
            next.put(key, new Setting(newer.get(key), newer.describe(key), newer.spelling(key)));
        }
        return new RuntimeOverrides(Collections.unmodifiableMap(next));
    }

    /** These overrides with one setting, e.g. a JMX write: {@code recv}, {@code 64k}, {@code JMX ReceiveBuffer}. */
    public RuntimeOverrides with(Key key, String value, String describedAs) {
        Map<String, Setting> next = new LinkedHashMap<>(settings);
        next.remove(key.key());
        next.put(key.key(), new Setting(value, describedAs, key.key()));
        return new RuntimeOverrides(Collections.unmodifiableMap(next));
    }

    @Override
    public String get(String key) {
        Setting setting = settings.get(key);
        return setting == null ? null : setting.value;
    }

    @Override
    public String describe(String key) {
        Setting setting = settings.get(key);
        return setting == null ? "agent argument " + key : setting.describedAs;
    }

    @Override
    public String spelling(String key) {
        Setting setting = settings.get(key);
        return setting == null ? key : setting.spelling;
    }

    @Override
    public Collection<String> keys() {
        return settings.keySet();
    }

    private static final class Setting {
        final String value;
        final String describedAs;
        final String spelling;

        Setting(String value, String describedAs, String spelling) {
            this.value = value;
            this.describedAs = describedAs;
            this.spelling = spelling;
        }
    }
}
