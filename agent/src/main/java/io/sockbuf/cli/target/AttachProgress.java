package io.sockbuf.cli.target;

/**
 * How far an attach or status got, written by the thread that talks to the target and read by the
 * CLI when it gives up waiting: so it can say what it knows (attached? was the agent asked to load?).
 */
public final class AttachProgress {

    enum Stage { ATTACHING, ATTACHED, LOADING_AGENT, AGENT_LOADED }

    private volatile Stage stage = Stage.ATTACHING;
    private volatile String javaVersion;

    void attached() {
        stage = Stage.ATTACHED;
    }

    void loadingAgent(String javaVersion) {
        this.javaVersion = javaVersion;
        stage = Stage.LOADING_AGENT;
    }

    void agentLoaded() {
        stage = Stage.AGENT_LOADED;
    }

    /** One line for a CLI that gave up after {@code seconds}: how far it got and what that means for the target. */
    public String gaveUp(String pid, double seconds, boolean changesSettings) {
        String within = " within " + Timeout.format(seconds) + " s";
        switch (stage) {
            case ATTACHING:
                return "JVM " + pid + " did not answer the attach request" + within + " (stopped, e.g. by SIGSTOP or a debugger,"
                        + " or too busy to start its Attach Listener); the agent was not loaded, nothing was changed."
                        + " Gave up (--timeout S to wait longer).";
            case ATTACHED:
                return "attached to JVM " + pid + ", but it did not answer" + within + " (stopped, or its Attach Listener thread"
                        + " is blocked); the agent was not loaded, nothing was changed. Gave up (--timeout S to wait longer).";
            case LOADING_AGENT:
                return "attached to JVM " + pid + " (Java " + javaVersion + "), the agent did not answer" + within + ": its stderr"
                        + " may be blocked (a pipe nobody reads) or the JVM stopped. "
                        + (changesSettings ? "The settings may still be applied when it resumes; check with status later."
                        : "Nothing was changed.") + " Gave up (--timeout S to wait longer).";
            default:
                return "the agent in JVM " + pid + " was loaded, but its answer could not be read" + within + ". Gave up.";
        }
    }
}
