package io.sockbuf.agent.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of counts, each spread over stripes chosen by the counting thread, so that
 * threads counting at once rarely touch the same word. Not LongAdder: its class initialisation
 * (three VarHandles, a privileged lookup into Thread) is not done by the JDK in a small
 * application's start and cost about 1.5 ms of premain plus the compiles it brings; AtomicLong is
 * initialised by the JDK before any agent runs. A stripe's counts are made when a thread first
 * counts in it: a JVM with one busy thread makes one row, not 16 (hundreds of AtomicLongs would
 * get their constructor compiled at every start).
 */
final class StripedCounts {

    /** A power of two; a thread keeps its stripe (its identity hash) for its life. */
    private static final int STRIPES = 16;

    private final int counts;
    /** Copied on write under {@link #making}, never changed once published: readers take no lock. */
    private volatile Row[] rows = new Row[STRIPES];
    /** Private: no application code can hold it; taken once per stripe a thread first counts in. */
    private final Object making = new Object();

    StripedCounts(int counts) {
        this.counts = counts;
    }

    void add(int count, long delta) {
        int stripe = System.identityHashCode(Thread.currentThread()) & (STRIPES - 1); // not hashCode(): a Thread subclass may override it
        Row row = rows[stripe];
        if (row == null) {
            row = make(stripe);
        }
        row.cells[count].addAndGet(delta);
    }

    private Row make(int stripe) {
        synchronized (making) {
            Row[] made = rows;
            if (made[stripe] == null) {
                made = made.clone();
                made[stripe] = new Row(counts);
                rows = made;
            }
            return made[stripe];
        }
    }

    long sum(int count) {
        long sum = 0;
        for (Row row : rows) {
            if (row != null) {
                sum += row.cells[count].get();
            }
        }
        return sum;
    }

    /** One stripe's counts. */
    private static final class Row {
        final AtomicLong[] cells;

        Row(int counts) {
            AtomicLong[] made = new AtomicLong[counts];
            for (int i = 0; i < counts; i++) {
                made[i] = new AtomicLong();
            }
            cells = made;
        }
    }
}
