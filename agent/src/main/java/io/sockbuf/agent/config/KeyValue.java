package io.sockbuf.agent.config;

/**
 * One {@code key=value} setting as a user writes it in an agent argument, to {@code attach} or in
 * a config file: the key may carry the system property's spelling ({@code sockbuf.recv},
 * {@code -Dsockbuf.recv}); the value is everything after the first {@code =} (rules contain more).
 * The one parser of that form in sockbuf.
 */
public final class KeyValue {

    public final String key;
    public final String value;

    private KeyValue(String key, String value) {
        this.key = key;
        this.value = value;
    }

    /** Null when {@code text} is not key=value (no {@code =}, or nothing before it). */
    public static KeyValue parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0 || key(text.substring(0, equals)).isEmpty()) {
            return null;
        }
        return new KeyValue(key(text.substring(0, equals)), text.substring(equals + 1));
    }

    /** The key of an entry: {@code recv}, also when written {@code sockbuf.recv} or {@code -Dsockbuf.recv}. */
    public static String key(String written) {
        String key = written.trim();
        if (key.startsWith("-D")) {
            key = key.substring(2);
        }
        return key.startsWith(SystemPropertySource.PREFIX) ? key.substring(SystemPropertySource.PREFIX.length()) : key;
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
