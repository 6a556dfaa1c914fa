package io.sockbuf.agent.log;

import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketRole;

import java.util.concurrent.atomic.LongAdder;

/**
 * Sockets seen per role and outcome, each socket counted once, by its final outcome (the worse of
 * its two directions), and the last error on the socket path. Fixed-size, striped counters: no
 * per-socket state, no contended word on the socket path. Arrays by ordinal, not EnumMaps: an
 * EnumMap's first use of an enum reflects on it, at every JVM's start.
 */
public final class SocketStats {

    private final LongAdder[][] counts = new LongAdder[SocketRole.values().length][Outcome.values().length];
    /** Written only when a socket failed (rare); read by status and JMX. */
    private volatile String lastError;

    SocketStats() {
        for (LongAdder[] perOutcome : counts) {
            for (int outcome = 0; outcome < perOutcome.length; outcome++) {
                perOutcome[outcome] = new LongAdder();
            }
        }
    }

    void add(SocketRole role, Outcome outcome) {
        counter(role, outcome).increment();
    }

    /** A socket counted under {@code from} now has outcome {@code to}. */
    void move(SocketRole role, Outcome from, Outcome to) {
        if (from == to) {
            return;
        }
        LongAdder old = counter(role, from);
        if (old.sum() <= 0) {
            return; // not counted at creation (created before the agent was attached): nothing to move
        }
        old.decrement();
        counter(role, to).increment();
    }

    private LongAdder counter(SocketRole role, Outcome outcome) {
        return counts[role.ordinal()][outcome.ordinal()];
    }

    void lastError(String error) {
        lastError = error;
    }

    /** Sockets of one role so far. */
    public long count(SocketRole role) {
        long total = 0;
        for (LongAdder adder : counts[role.ordinal()]) {
            total += adder.sum();
        }
        return total;
    }

    /** Sockets of one role whose final outcome is this one. */
    public long count(SocketRole role, Outcome outcome) {
        return counter(role, outcome).sum();
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
