package io.sockbuf.cli;

import io.sockbuf.agent.config.KeyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an {@code attach} request the agent in the target did not take, read from its answer
 * (see {@code Agent}, {@code LoadReport}, {@code AgentCommand}): the {@code warning:} lines about an agent
 * argument this request sent (a bad rule, a key it does not know, a value it does not accept) or
 * about the file its {@code config=} names, every {@code note:} line (a mode or log setting that
 * cannot change at run time; only a change in this request causes one), and a failed JMX
 * registration. Warnings about the target's own {@code -Dsockbuf.*}, environment or JVM options
 * (startup checks) are not part of this request and do not count.
 */
final class RefusedParts {

    private static final String WARNING = "warning: ";
    private static final String NOTE = "note: ";
    private static final String AGENT_ARGUMENT = "agent argument ";
    private static final String JMX_FAILED = "jmx: could not";
    private static final String MORE_WARNINGS = "... and ";

    private RefusedParts() {
    }

    /**
     * @param answer   the agent's answer: what it did, then the status report
     * @param settings the {@code key=value} entries this request sent
     * @return the refused parts, one line each as the agent wrote them; empty when it took everything
     */
    static List<String> in(String answer, List<String> settings) {
        List<String> refused = new ArrayList<>();
        for (String line : answer.split("\n")) {
            if (line.startsWith("sockbuf ")) {
                break; // the status report follows what was done
            }
            if (line.startsWith(NOTE) || line.startsWith(JMX_FAILED)) {
                refused.add(line);
            } else if (line.startsWith(WARNING)) {
                String text = line.substring(WARNING.length());
                if (aboutThisRequest(text, settings) || (text.startsWith(MORE_WARNINGS) && !refused.isEmpty())) {
                    refused.add(line);
                }
            }
        }
        return refused;
    }

    private static boolean aboutThisRequest(String warning, List<String> settings) {
        for (String entry : settings) {
            KeyValue setting = KeyValue.parse(entry);
            if (setting == null) {
                continue;
            }
            String key = setting.key;
            String value = setting.value;
            if (warning.startsWith(AGENT_ARGUMENT + key) && warning.length() > AGENT_ARGUMENT.length() + key.length()
                    && " =:".indexOf(warning.charAt(AGENT_ARGUMENT.length() + key.length())) >= 0) {
                return true;
            }
            if (key.equals("config") && !value.isEmpty() && warning.startsWith(value + ": ")) {
                return true;
            }
        }
        return false;
    }
}
