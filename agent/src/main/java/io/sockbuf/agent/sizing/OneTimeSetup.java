package io.sockbuf.agent.sizing;

import java.util.concurrent.locks.LockSupport;

/**
 * A setup done once, by the first thread that needs it, that no other thread ever waits for
 * unbounded: they go on without it, or wait for it at most a bound ({@link #awaitAtMost}), and once
 * one wait outlasted it (a setup stuck on a class or lock the waiting thread holds, say) nobody
 * waits again. Not a class initialiser, which makes every other thread wait for good; the waiters
 * poll rather than queue on a monitor or a latch, whose waiters are woken one after the other; and
 * a virtual thread does not wait at all: once parked it waits for a carrier too, behind every other
 * runnable virtual thread (2,000 of them making listeners at once kept some waiting up to a second
 * on JDK 25, against 100 ms allowed).
 */
final class OneTimeSetup {

    /** How often a waiter looks; a setup takes some 5-25 ms. */
    private static final long POLL_NANOS = 1_000_000L;

    /** Guards taking {@link #taken}, held for a field write only, never across the setup. */
    private final Object lock = new Object();
    private volatile boolean taken;
    private volatile boolean done;
    private volatile boolean outlastedAWait;

    /** True for the one thread that is to do the setup; it then calls {@link #finished}, whatever happened. */
    boolean take() {
        synchronized (lock) {
            boolean mine = !taken;
            taken = true;
            return mine;
        }
    }

    /**
     * True for the one thread that is to do the setup now (it then calls {@link #finished}); any
     * other waits for that thread's setup, as {@link #awaitAtMost}, and gets false.
     */
    boolean takeOrAwait(long millis) {
        if (take()) {
            return true;
        }
        awaitAtMost(millis);
        return false;
    }

    void finished() {
        done = true;
    }

    boolean done() {
        return done;
    }

    /** Waits for the setup another thread took, at most {@code millis}; an interrupt ends the wait and stays set. */
    void awaitAtMost(long millis) {
        if (!taken || onAVirtualThread()) {
            return;
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!done && !outlastedAWait && !Thread.currentThread().isInterrupted()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                outlastedAWait = true; // one wait is all a stuck setup costs
                return;
            }
            LockSupport.parkNanos(this, Math.min(left, POLL_NANOS));
        }
    }

    /** JDK 21+'s java.lang.VirtualThread (and ThreadBuilders$BoundVirtualThread); the agent builds for JDK 11, without Thread.isVirtual. */
    private static boolean onAVirtualThread() {
        return Thread.currentThread().getClass().getName().endsWith("VirtualThread");
    }
}
