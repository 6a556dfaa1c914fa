package io.sockbuf.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of agent arguments ({@code recv=8k,send=16k}) as entries, and how the arguments of a
 * later load (attach, a second -javaagent, a JMX write) are laid over the earlier ones: the newer
 * entry of a key wins, keys it leaves out keep their earlier entry.
 */
public final class AgentArguments {

    private AgentArguments() {
    }

    /** key -> value of {@code key=value,key=value}, in order; entries without '=' kept under their text (the reader warns). */
    public static Map<String, String> entries(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (text == null) {
            return entries;
        }
        for (String entry : text.split(",")) {
            if (entry.trim().isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String key = equals <= 0 ? entry : key(entry.substring(0, equals));
            if (!entries.containsKey(key)) {
                entries.put(key, entry);
            }
        }
        return entries;
    }

    /** The key of an entry: {@code recv}, also when written {@code sockbuf.recv} or {@code -Dsockbuf.recv}. */
    public static String key(String written) {
        String key = written.trim();
        if (key.startsWith("-D")) {
            key = key.substring(2);
        }
        return key.startsWith("sockbuf.") ? key.substring("sockbuf.".length()) : key;
    }

    /** The entries of {@code newer}, then those of {@code older} whose key {@code newer} does not set; null when none. */
    public static String merge(Map<String, String> newer, Map<String, String> older) {
        StringBuilder merged = new StringBuilder();
        for (String entry : newer.values()) {
            merged.append(merged.length() == 0 ? "" : ",").append(entry);
        }
        for (Map.Entry<String, String> entry : older.entrySet()) {
            if (!newer.containsKey(entry.getKey())) {
                merged.append(merged.length() == 0 ? "" : ",").append(entry.getValue());
            }
        }
        return merged.length() == 0 ? null : merged.toString();
    }
}
