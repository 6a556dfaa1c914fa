package io.sockbuf.agent.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings from the agent argument: {@code -javaagent:sockbuf-agent.jar=recv=8k,send=16k,log=debug}.
 * Entries are separated by commas; rules use {@code ;} and {@code :} and so fit inside one entry.
 * A key may be written as in a system property, {@code sockbuf.recv=8k}, as {@code attach} and the
 * config file accept it.
 */
final class AgentArgumentSource implements ConfigSource {

    private final Map<String, String> values = new LinkedHashMap<>();

    AgentArgumentSource(String arguments, List<String> warnings) {
        if (arguments == null || arguments.trim().isEmpty()) {
            return;
        }
        for (String entry : arguments.split(",")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                warnings.add("agent argument \"" + entry + "\" is not key=value (e.g. -javaagent:sockbuf-agent.jar=recv=8k,send=16k); it is ignored.");
                continue;
            }
            String key = AgentArguments.key(entry.substring(0, equals));
            if (values.containsKey(key)) {
                warnings.add("agent argument " + key + " is given twice; the first (" + key + "=" + values.get(key) + ") is used.");
                continue;
            }
            values.put(key, entry.substring(equals + 1));
        }
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public String describe(String key) {
        return "agent argument " + key;
    }

    @Override
    public Collection<String> keys() {
        return values.keySet();
    }
}
