package io.sockbuf.agent.config;

/**
 * One place settings can come from. Sources are asked in order; the first that has a key wins.
 * Today there are system properties; agent arguments, the environment and a file are meant to be
 * further implementations.
 */
public interface ConfigSource {

    /** The raw value of a setting such as {@code recv}, or null when this source does not set it. */
    String get(String key);

    /** How a user recognises the setting in this source, e.g. {@code -Dsockbuf.recv}. */
    String describe(String key);
}
