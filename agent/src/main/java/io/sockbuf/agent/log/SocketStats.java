package io.sockbuf.agent.log;

import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketRole;

/**
 * Sockets seen per role and outcome, each socket counted once, by its final outcome (the worse of
 * its two directions), and the last error on the socket path. Fixed-size, striped counters: no
 * per-socket state, no contended word on the socket path. Arrays by ordinal, not EnumMaps: an
 * EnumMap's first use of an enum reflects on it, at every JVM's start.
 */
public final class SocketStats {

    private static final int OUTCOMES = Outcome.values().length;

    /** One count per role and outcome, at {@code role * OUTCOMES + outcome}. */
    private final StripedCounts counts = new StripedCounts(SocketRole.values().length * OUTCOMES);
    /** Written only when a socket failed (rare); read by status and JMX. */
    private volatile String lastError;

    SocketStats() {
    }

    void add(SocketRole role, Outcome outcome) {
        counts.add(index(role, outcome), 1);
    }

    /** A socket counted under {@code from} now has outcome {@code to}. */
    void move(SocketRole role, Outcome from, Outcome to) {
        if (from == to) {
            return;
        }
        if (count(role, from) <= 0) {
            return; // not counted at creation (created before the agent was attached): nothing to move
        }
        counts.add(index(role, from), -1);
        counts.add(index(role, to), 1);
    }

    private static int index(SocketRole role, Outcome outcome) {
        return role.ordinal() * OUTCOMES + outcome.ordinal();
    }

    void lastError(String error) {
        lastError = error;
    }

    /** Sockets of one role so far. */
    public long count(SocketRole role) {
        long total = 0;
        for (int outcome = 0; outcome < OUTCOMES; outcome++) {
            total += counts.sum(role.ordinal() * OUTCOMES + outcome);
        }
        return total;
    }

    /** Sockets of one role whose final outcome is this one. */
    public long count(SocketRole role, Outcome outcome) {
        return counts.sum(index(role, outcome));
    }

    /** {@code 12 (10 as requested, 2 capped)}: the exit summary's and the status report's wording; {@code 0} alone. */
    public String describe(SocketRole role) {
        StringBuilder text = new StringBuilder().append(count(role));
        String separator = " (";
        for (Outcome outcome : Outcome.values()) {
            long n = count(role, outcome);
            if (n > 0) {
                text.append(separator).append(n).append(' ').append(outcome.label());
                separator = ", ";
            }
        }
        return separator.equals(", ") ? text.append(')').toString() : text.toString();
    }

    /** The last failed setsockopt or internal error on the socket path, or null (status, JMX). */
    public String lastError() {
        return lastError;
    }
}
