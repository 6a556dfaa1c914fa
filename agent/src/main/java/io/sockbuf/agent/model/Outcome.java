package io.sockbuf.agent.model;

/**
 * How one direction of one socket turned out. A socket is counted once, under the worse of its
 * two directions' outcomes; why an outcome differs from the request is said by the log.
 */
public enum Outcome {
    // Declared from least to most severe: a socket's outcome is the worse of its two directions.
    /** The agent did not set this direction (not configured, or inherited from the listener). */
    UNTOUCHED("untouched"),
    AS_REQUESTED("as requested"),
    /**
     * The application (a library, the JDK's HttpClient) set this direction itself: its size is in
     * force, whatever the agent asked for before. Never explained as raised or different.
     */
    APPLICATION("application"),
    /**
     * An accepted socket holds its listener's receive size, not the one the agent asks for: the
     * listener was made before the agent was loaded, while its sizing was off, or under other settings.
     */
    LISTENERS_SIZE("listener's size"),
    /** Linux: the request was below the kernel's minimum. */
    RAISED("raised"),
    /** Granted something else, for a reason the agent cannot name. */
    DIFFERENT("different"),
    /** Linux: the request was above net.core.rmem_max / wmem_max. */
    CAPPED("capped"),
    FAILED("failed");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** {@code as requested}, {@code capped}: the log's and the status report's name. */
    public String label() {
        return label;
    }

    public static Outcome worse(Outcome a, Outcome b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** An outcome that differs from the request: its first occurrence per role and direction gets a line. */
    public boolean isProblem() {
        return this == CAPPED || this == RAISED || this == DIFFERENT || this == FAILED || this == LISTENERS_SIZE;
    }
}
