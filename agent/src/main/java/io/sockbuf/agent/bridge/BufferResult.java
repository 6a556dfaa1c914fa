package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Settings;

/** What happened to one direction (receive or send) of one socket. */
public final class BufferResult {

    /** The effective size could not be read. */
    public static final int UNKNOWN = -1;

    private final int requested;
    private final int effective;
    private final Throwable failure;
    private final boolean inherited;

    private BufferResult(int requested, int effective, Throwable failure, boolean inherited) {
        this.requested = requested;
        this.effective = effective;
        this.failure = failure;
        this.inherited = inherited;
    }

    static BufferResult applied(int requested, int effective) {
        return new BufferResult(requested, effective, null, false);
    }

    static BufferResult failed(int requested, Throwable failure) {
        return new BufferResult(requested, UNKNOWN, failure, false);
    }

    /** Not set by the agent: either not configured, or (accepted sockets) taken over from the listener. */
    static BufferResult untouched(int effective, boolean inherited) {
        return new BufferResult(Settings.UNSET, effective, null, inherited);
    }

    /** Bytes asked for, or {@link Settings#UNSET} when the agent did not set this direction. */
    public int requested() {
        return requested;
    }

    /** What getsockopt reports (on Linux the JDK halves the kernel's doubled number). */
    public int effective() {
        return effective;
    }

    public Throwable failure() {
        return failure;
    }

    public boolean inherited() {
        return inherited;
    }
}
