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
    /** The size in force is one the application (or a library, or the JDK's HttpClient) set itself. */
    private final boolean byApplication;
    /** Where the application set it ("Class.method(File.java:12)"), or null where not known. */
    private final String callSite;

    private BufferResult(int requested, int effective, Throwable failure, boolean inherited) {
        this(requested, effective, failure, inherited, false, null);
    }

    private BufferResult(int requested, int effective, Throwable failure, boolean inherited, boolean byApplication, String callSite) {
        this.requested = requested;
        this.effective = effective;
        this.failure = failure;
        this.inherited = inherited;
        this.byApplication = byApplication;
        this.callSite = callSite;
    }

    /** The application set this direction itself ({@code requested} its value, or UNSET when not known); its size is in force. */
    static BufferResult byApplication(int requested, int effective, String callSite) {
        return new BufferResult(requested, effective, null, false, true, callSite);
    }

    static BufferResult applied(int requested, int effective) {
        return new BufferResult(requested, effective, null, false);
    }

    static BufferResult failed(int requested, Throwable failure) {
        return new BufferResult(requested, UNKNOWN, failure, false);
    }

    /** An accepted socket's receive buffer, inherited from a listener the agent sized: counted as the agent's. */
    static BufferResult inheritedFromTheAgent(int requested, int effective) {
        return new BufferResult(requested, effective, null, true);
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

    public boolean byApplication() {
        return byApplication;
    }

    public String callSite() {
        return callSite;
    }
}
