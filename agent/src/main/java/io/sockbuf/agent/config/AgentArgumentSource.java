package io.sockbuf.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings from one agent load's arguments: {@code -javaagent:sockbuf-agent.jar=recv=8k,send=16k,log=debug},
 * or what {@code attach} passed. Entries are separated by commas; rules use {@code ;} and {@code :}
 * and so fit inside one entry. A key may be written as in a system property, {@code sockbuf.recv=8k}.
 */
public final class AgentArgumentSource implements ConfigSource {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** @param arguments what followed {@code =} in {@code -javaagent:...}, or what loadAgent passed; may be null */
    public AgentArgumentSource(String arguments) {
        if (arguments == null || arguments.trim().isEmpty()) {
            return;
        }
        for (String entry : arguments.split(",")) {
            KeyValue setting = KeyValue.parse(entry);
            if (setting == null) {
                problems.add("agent argument \"" + entry + "\" is not key=value (e.g. -javaagent:sockbuf-agent.jar=recv=8k,send=16k); it is ignored.");
            } else if (values.containsKey(setting.key)) {
                problems.add("agent argument " + setting.key + " is given twice; the first (" + setting.key + "=" + values.get(setting.key) + ") is used.");
            } else {
                values.put(setting.key, setting.value);
            }
        }
    }

    /** What was wrong with the form of the arguments (an entry without {@code =}, a key given twice): warned once, at this load. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
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
