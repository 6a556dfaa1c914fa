package io.sockbuf.cli.doctor;

import io.sockbuf.agent.config.ByteSize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What doctor knows of the agent in the target JVM, from its {@code status} answer: the sizes its
 * settings and rules request. Only the sizes, not which rule applies to which socket: a socket
 * whose buffer equals what one of them gives is counted as the agent's (see docs/doctor.md).
 */
final class AgentView {

    private static final Pattern GLOBAL = Pattern.compile("(?m)^\\s*(recv|send):\\s+(\\d+) bytes");
    private static final Pattern RULES = Pattern.compile("(?m)^\\s*rules:\\s+(.*)$");
    private static final Pattern MODE = Pattern.compile("(?m)^\\s*mode:\\s+(\\w+)");
    private static final Pattern RULE_SIZE = Pattern.compile("\\b(recv|send)=(\\w+)");

    /** False: set_by is "unknown" everywhere. */
    final boolean known;
    /** Why it is known or not, for the report's header. */
    final String summary;
    final String mode;
    final List<Long> receiveRequests = new ArrayList<>();
    final List<Long> sendRequests = new ArrayList<>();

    private AgentView(boolean known, String summary, String mode) {
        this.known = known;
        this.summary = summary;
        this.mode = mode;
    }

    static AgentView unknown(String why) {
        return new AgentView(false, why, null);
    }

    /** The agent's {@code status} text. */
    static AgentView fromStatus(String status) {
        if (status.contains("not active:")) {
            return new AgentView(true, "sockbuf is loaded but sets nothing", "none");
        }
        Matcher mode = MODE.matcher(status);
        AgentView view = new AgentView(true, "", mode.find() ? mode.group(1) : "apply");
        Matcher global = GLOBAL.matcher(status);
        while (global.find()) {
            view.add(global.group(1), Long.parseLong(global.group(2)));
        }
        Matcher rules = RULES.matcher(status);
        if (rules.find() && !rules.group(1).trim().equals("none")) {
            Matcher size = RULE_SIZE.matcher(withoutOrigin(rules.group(1).trim()));
            while (size.find()) {
                try {
                    view.add(size.group(1), ByteSize.parse(size.group(2)));
                } catch (IllegalArgumentException ignored) {
                    // The agent refused that rule; it sets nothing with it.
                }
            }
        }
        return view;
    }

    List<Long> requests(boolean receive) {
        return receive ? receiveRequests : sendRequests;
    }

    private void add(String direction, long request) {
        List<Long> requests = requests(direction.equals("recv"));
        if (!requests.contains(request)) {
            requests.add(request);
        }
    }

    /** status prints the rules followed by " (where they came from)", which may repeat them. */
    private static String withoutOrigin(String rules) {
        int origin = rules.lastIndexOf(" (");
        return rules.endsWith(")") && origin > 0 ? rules.substring(0, origin) : rules;
    }

    /** observe changes nothing; the others set the configured sizes. */
    boolean sets() {
        return known && !"observe".equals(mode) && !"none".equals(mode);
    }

    String describe() {
        if (!known) {
            return summary;
        }
        if (!summary.isEmpty()) {
            return summary;
        }
        return "sockbuf runs in this JVM (mode " + mode + "), requesting recv " + sizes(receiveRequests) + ", send "
                + sizes(sendRequests);
    }

    private static String sizes(List<Long> requests) {
        if (requests.isEmpty()) {
            return "unset";
        }
        List<String> texts = new ArrayList<>();
        for (long request : requests) {
            texts.add(Long.toString(request));
        }
        return String.join("/", texts);
    }
}
