package io.sockbuf.agent.model;

/** What happened to one direction (receive or send) of one socket. */
public final class BufferResult {

    /** The effective size could not be read (or was not: predicted results carry what the kernel grants). */
    public static final int UNKNOWN = -1;
    /** A size that is not set (settings, rules) or not requested (results): that direction is left alone. */
    public static final int UNSET = 0;

    private final int requested;
    private final int effective;
    private final Throwable failure;
    private final boolean inherited;
    /** The size in force is one the application (or a library, or the JDK's HttpClient) set itself. */
    private final boolean byApplication;
    /** Where the application set it ("Class.method(File.java:12)"), or null where not known. */
    private final String callSite;
    /** An accepted socket's receive size, inherited from a listener that lacks what the agent asks for. */
    private final boolean listenersSize;

    private BufferResult(int requested, int effective, Throwable failure, boolean inherited) {
        this(requested, effective, failure, inherited, false, null, false);
    }

    private BufferResult(int requested, int effective, Throwable failure, boolean inherited, boolean byApplication, String callSite,
                         boolean listenersSize) {
        this.requested = requested;
        this.effective = effective;
        this.failure = failure;
        this.inherited = inherited;
        this.byApplication = byApplication;
        this.callSite = callSite;
        this.listenersSize = listenersSize;
    }

    /** The application set this direction itself ({@code requested} its value, or UNSET when not known); its size is in force. */
    public static BufferResult byApplication(int requested, int effective, String callSite) {
        return new BufferResult(requested, effective, null, false, true, callSite, false);
    }

    public static BufferResult applied(int requested, int effective) {
        return new BufferResult(requested, effective, null, false);
    }

    public static BufferResult failed(int requested, Throwable failure) {
        return new BufferResult(requested, UNKNOWN, failure, false);
    }

    /** An accepted socket's receive buffer, inherited from a listener the agent sized: counted as the agent's. */
    public static BufferResult inheritedFromTheAgent(int requested, int effective) {
        return new BufferResult(requested, effective, null, true);
    }

    /** An accepted socket's receive buffer, inherited from a listener the application sized: the application's. */
    public static BufferResult applicationsListenerSize(int effective) {
        return new BufferResult(UNSET, effective, null, true, true, null, false);
    }

    /**
     * An accepted socket's receive buffer, inherited from a listener the agent did not give
     * {@code requested} (made before the agent was loaded, while it was off, under other settings).
     */
    public static BufferResult listenersSize(int requested, int effective) {
        return new BufferResult(requested, effective, null, true, false, null, true);
    }

    /** Not set by the agent: either not configured, or (accepted sockets) taken over from the listener. */
    public static BufferResult untouched(int effective, boolean inherited) {
        return new BufferResult(UNSET, effective, null, inherited);
    }

    /** Bytes asked for, or {@link #UNSET} when the agent did not set this direction. */
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

    public boolean listenersSize() {
        return listenersSize;
    }

    public String callSite() {
        return callSite;
    }
}
