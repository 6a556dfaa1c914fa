package io.sockbuf.agent.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's exit summary ({@code at exit: tcp client 3 (1 as requested, 2 application); udp 1
 * (1 as requested)}) as counts per kind and outcome: the one place that reads its wording. It is
 * the same line in text and in JSON (where it is the message of a line without other fields).
 */
public final class ExitSummary {

    private static final String START = "at exit: ";
    private static final Pattern KIND = Pattern.compile("(tcp client|tcp listener|tcp accepted|udp) (\\d+) \\(([^)]*)\\)");
    /** From the least to the most severe: a socket counts under the worse of its two directions. */
    public static final List<String> SEVERITY = List.of("untouched", "as requested", "application", "raised", "different", "capped", "failed");

    private final String line;
    private final Map<String, Integer> totals = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> outcomes = new LinkedHashMap<>();

    private ExitSummary(String line) {
        this.line = line;
    }

    /** The last summary of a run, in text ({@code [sockbuf] at exit: ...}) or JSON. */
    public static ExitSummary in(ForkedJvm.Result run) {
        return in(run.stderr);
    }

    public static ExitSummary in(String stderr) {
        String[] lines = stderr.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("[sockbuf] " + START)) {
                return parse(lines[i].substring("[sockbuf] ".length()));
            }
            if (lines[i].startsWith("{") && lines[i].contains("\"message\":\"" + START)) {
                return parse(LogEvent.parse(lines[i]).message());
            }
        }
        throw new AssertionError("no exit summary:\n" + stderr);
    }

    static ExitSummary parse(String message) {
        ExitSummary summary = new ExitSummary(message);
        Matcher kind = KIND.matcher(message);
        while (kind.find()) {
            summary.totals.put(kind.group(1), Integer.parseInt(kind.group(2)));
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String part : kind.group(3).split(", ")) {
                int space = part.indexOf(' ');
                counts.put(part.substring(space + 1), Integer.parseInt(part.substring(0, space)));
            }
            summary.outcomes.put(kind.group(1), counts);
        }
        return summary;
    }

    /** Sockets of a kind (tcp client, tcp listener, tcp accepted, udp); 0 when the summary leaves the kind out. */
    public int total(String kind) {
        return totals.getOrDefault(kind, 0);
    }

    /** Sockets of a kind counted under an outcome (as requested, application, capped, ...). */
    public int count(String kind, String outcome) {
        return outcomes.getOrDefault(kind, Map.of()).getOrDefault(outcome, 0);
    }

    /** kind -> outcome -> count, for the kinds the summary names. */
    public Map<String, Map<String, Integer>> counts() {
        return outcomes;
    }

    /**
     * The counts of a run in which every socket was as requested, to compare with {@link #counts}:
     * {@code asRequested("tcp client", 3, "udp", 1)}.
     */
    public static Map<String, Map<String, Integer>> asRequested(Object... kindsAndCounts) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndCounts.length; i += 2) {
            counts.put((String) kindsAndCounts[i], Map.of("as requested", (Integer) kindsAndCounts[i + 1]));
        }
        return counts;
    }

    /** Whether every socket of every kind named was counted as requested. */
    public boolean everySocketAsRequested() {
        for (Map.Entry<String, Map<String, Integer>> kind : outcomes.entrySet()) {
            if (!kind.getValue().keySet().equals(Set.of("as requested"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return line;
    }
}
