package io.sockbuf.agent.sizing;

/**
 * What every listener this JVM has made holds from the agent in one direction: the one size while
 * they all got the same (UNSET: none got any), NONE_SEEN before the first, MIXED once two differed
 * or one may have gone unseen. JVM-wide, not per policy: listeners outlive settings changes. An
 * accepted socket does not tell which listener it came from, so only this says what it inherited.
 */
final class EveryListener {

    private static final int NONE_SEEN = -2;
    private static final int MIXED = -3;

    private volatile int held = NONE_SEEN;

    boolean hold(int size) {
        return held == size;
    }

    /** A plain lock: listeners are made rarely, and read without one. */
    synchronized void made(int given) {
        held = held == NONE_SEEN || held == given ? given : MIXED;
    }

    /** A listener may lack what the others hold (one the agent did not see, one already listening when made). */
    void mayDiffer() {
        made(MIXED);
    }
}
