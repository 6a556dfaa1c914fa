package io.sockbuf.agent.sizing;

/**
 * A setup done once, by the first thread that needs it, that no other thread ever waits for: they
 * go on without it until it is done. Not a class initialiser, which makes every other thread wait
 * for good.
 */
final class OneTimeSetup {

    /** Guards taking {@link #taken}, held for a field write only, never across the setup. */
    private final Object lock = new Object();
    private volatile boolean taken;
    private volatile boolean done;

    /** True for the one thread that is to do the setup; it then calls {@link #finished}, whatever happened. */
    boolean take() {
        synchronized (lock) {
            boolean mine = !taken;
            taken = true;
            return mine;
        }
    }

    void finished() {
        done = true;
    }

    boolean done() {
        return done;
    }
}
