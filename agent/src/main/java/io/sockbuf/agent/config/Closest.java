package io.sockbuf.agent.config;

import java.util.List;

/** The known name a mistyped one most likely meant, for "did you mean ...?" hints. */
final class Closest {

    private Closest() {
    }

    /**
     * The candidate nearest to {@code typed} by edit distance, close enough to be a typo; else a
     * candidate that {@code typed} extends with a {@code .} part (log.level means log); else null.
     */
    static String to(String typed, List<String> candidates) {
        String lower = typed.trim().toLowerCase();
        String best = null;
        int bestDistance = Math.max(2, lower.length() / 2) + 1; // e.g. "recieve" still finds recv
        for (String candidate : candidates) {
            int distance = editDistance(lower, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (bestDistance <= 1) {
            return best;
        }
        for (String candidate : candidates) {
            if (lower.startsWith(candidate + ".") && !candidates.contains(lower)) {
                return candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance; the names are a few characters long. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
