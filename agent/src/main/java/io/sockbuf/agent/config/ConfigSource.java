package io.sockbuf.agent.config;

import java.util.Collection;
import java.util.List;

/**
 * One place settings can come from. Sources are asked in precedence order; the first that has a
 * key wins (see {@link SettingsReader}).
 */
public interface ConfigSource {

    /** The raw value of a setting such as {@code recv}, or null when this source does not set it. */
    String get(String key);

    /** How a user recognises the setting in this source, e.g. {@code -Dsockbuf.recv}. */
    String describe(String key);

    /** How a user writes the key in this source, for hints: {@code sockbuf.recv}, {@code SOCKBUF_LOG_FILE}, {@code recv}. */
    default String spelling(String key) {
        return key;
    }

    /** Every key this source sets, known or not (unknown ones get a warning). */
    Collection<String> keys();

    /** What is wrong with this source itself, one warning each (none by default). */
    default List<String> problems() {
        return List.of();
    }
}
