package io.sockbuf.agent.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of counts, each spread over stripes chosen by the counting thread, so that
 * threads counting at once rarely touch the same word. Not LongAdder: its class initialisation
 * (three VarHandles, a privileged lookup into Thread) is not done by the JDK in a small
 * application's start and cost about 1.5 ms of premain plus the compiles it brings; AtomicLong is
 * initialised by the JDK before any agent runs.
 */
final class StripedCounts {

    /** A power of two; a thread keeps its stripe (its identity hash) for its life. */
    private static final int STRIPES = 16;

    private final int counts;
    /** Stripe-major: one thread's counts are next to each other, away from the other stripes'. */
    private final AtomicLong[] cells;

    StripedCounts(int counts) {
        this.counts = counts;
        this.cells = new AtomicLong[STRIPES * counts];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new AtomicLong();
        }
    }

    void add(int count, long delta) {
        int stripe = Thread.currentThread().hashCode() & (STRIPES - 1);
        cells[stripe * counts + count].addAndGet(delta);
    }

    long sum(int count) {
        long sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += cells[stripe * counts + count].get();
        }
        return sum;
    }
}
