package io.sockbuf.agent.log;

import io.sockbuf.agent.bridge.BufferResult;
import io.sockbuf.agent.config.Settings;

/** How one direction of one socket turned out, and the sentence that explains it. */
enum Outcome {
    // Declared from least to most severe: a socket's outcome is the worse of its two directions.
    /** The agent did not set this direction (not configured, or inherited from the listener). */
    UNTOUCHED,
    AS_REQUESTED,
    /**
     * The application (a library, the JDK's HttpClient) set this direction itself: its size is in
     * force, whatever the agent asked for before. Never explained as raised or different.
     */
    APPLICATION,
    /** Linux: the request was below the kernel's minimum. */
    RAISED,
    /** Granted something else, for a reason the agent cannot name. */
    DIFFERENT,
    /** Linux: the request was above net.core.rmem_max / wmem_max. */
    CAPPED,
    FAILED;

    static Outcome of(BufferResult result, KernelLimits kernel, boolean receive) {
        if (result.failure() != null) {
            return FAILED;
        }
        if (result.byApplication()) {
            return APPLICATION;
        }
        int requested = result.requested();
        int effective = result.effective();
        if (requested == Settings.UNSET) {
            return UNTOUCHED;
        }
        if (effective == requested) {
            return AS_REQUESTED;
        }
        long max = kernel.max(receive);
        if (kernel.doubles() && max != KernelLimits.UNKNOWN && requested > max && effective == max) {
            return CAPPED;
        }
        if (kernel.doubles() && effective > requested) {
            return RAISED;
        }
        return DIFFERENT;
    }

    /** Why effective differs from requested and what the user can do; empty when nothing to say. */
    String explain(BufferResult result, KernelLimits kernel, boolean receive) {
        String sysctl = KernelLimits.sysctlName(receive);
        switch (this) {
            case CAPPED:
                return ": capped by " + sysctl + "=" + kernel.max(receive)
                        + "; to allow it run as root: sysctl -w " + sysctl + "=" + result.requested()
                        + " (or request at most " + kernel.max(receive) + "; SO_" + (receive ? "RCV" : "SND")
                        + "BUFFORCE would bypass the limit but needs CAP_NET_ADMIN and is not offered by the JDK)";
            case RAISED:
                return ": raised to the kernel's minimum; request more if this matters";
            case DIFFERENT:
                return ": the kernel granted a different size";
            case FAILED:
                Throwable failure = result.failure();
                return " failed: " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
                        + "; the socket keeps its size and works as before";
            default:
                return "";
        }
    }

    String label() {
        return name().toLowerCase().replace('_', ' ');
    }

    static Outcome worse(Outcome a, Outcome b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    boolean isProblem() {
        return this == CAPPED || this == RAISED || this == DIFFERENT || this == FAILED;
    }
}
