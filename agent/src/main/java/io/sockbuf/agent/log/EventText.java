package io.sockbuf.agent.log;

import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Ends;
import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketRole;

/** How one socket's sizes read: in a text line, and as the JSON fields that are the log's contract. */
final class EventText {

    private final KernelLimits kernel;

    EventText(KernelLimits kernel) {
        this.kernel = kernel;
    }

    /** {@code recv 24576 -> 24576 (kernel holds 49152)}, with why it differs from the request. */
    String direction(Direction direction, BufferResult result, Outcome outcome, boolean withCallSite) {
        String name = direction.label();
        if (outcome == Outcome.UNTOUCHED || outcome == Outcome.AS_REQUESTED && result.inherited()) {
            if (result.effective() == BufferResult.UNKNOWN) {
                return name + " n/a";
            }
            return name + " " + result.effective() + (result.inherited() ? " (inherited from the listener)" : " (not set)");
        }
        if (outcome == Outcome.LISTENERS_SIZE) {
            return name + ' ' + result.effective() + held(result) + ": inherited from a listener without the " + result.requested()
                    + " asked for (made before the agent was loaded, while its sizing was off, or under other settings)";
        }
        if (outcome == Outcome.APPLICATION) {
            return name + ' ' + result.effective() + held(result) + " set by the application" + (result.inherited() ? " on the listener" : "")
                    + (result.callSite() == null || !withCallSite ? "" : " at " + result.callSite());
        }
        StringBuilder text = new StringBuilder(name).append(' ').append(result.requested());
        if (outcome != Outcome.FAILED) {
            text.append(" -> ").append(result.effective()).append(held(result));
        }
        return text.append(explain(outcome, result, direction)).toString();
    }

    private String held(BufferResult result) {
        long held = kernel.held(result.effective());
        return held < 0 ? "" : " (kernel holds " + held + ")";
    }

    /** Why effective differs from requested and what the user can do; empty when nothing to say. */
    String explain(Outcome outcome, BufferResult result, Direction direction) {
        String sysctl = direction.maxSysctl();
        // if, not switch: javac's switch on an enum adds a class initialized at the first line
        if (outcome == Outcome.CAPPED) {
            return ": capped by " + sysctl + "=" + kernel.max(direction)
                    + "; to allow it run as root: sysctl -w " + sysctl + "=" + result.requested()
                    + " (or request at most " + kernel.max(direction) + "; " + direction.optionName().replace("BUF", "")
                    + "BUFFORCE would bypass the limit but needs CAP_NET_ADMIN and is not offered by the JDK)";
        }
        if (outcome == Outcome.RAISED) {
            return ": raised to the kernel's minimum; request more if this matters";
        }
        if (outcome == Outcome.DIFFERENT) {
            return ": the kernel granted a different size";
        }
        if (outcome == Outcome.FAILED) {
            Throwable failure = result.failure();
            return " failed: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
                    + "; the socket keeps its size and works as before";
        }
        return "";
    }

    /**
     * One direction in JSON; {@code setBy} says whose size is in force: {@code agent} (its global
     * sizes, or {@code agent rule "..."}), {@code application} (with {@code callSite} where known),
     * {@code listener} (inherited by an accepted socket) or {@code kernel default}.
     */
    String json(BufferResult result, Outcome outcome, Rule rule) {
        String setBy;
        if (outcome == Outcome.APPLICATION && !result.inherited()) {
            setBy = "application";
        } else if (result.inherited() && outcome != Outcome.FAILED) {
            setBy = "listener"; // an accepted socket's receive size: the agent's (counted as such) or not
        } else if (outcome == Outcome.UNTOUCHED || outcome == Outcome.FAILED) {
            setBy = result.inherited() ? "listener" : "kernel default";
        } else {
            setBy = rule == null ? "agent" : "agent rule " + rule;
        }
        return "{\"requested\":" + result.requested() + ",\"effective\":" + result.effective()
                + ",\"kernel\":" + kernel.held(result.effective())
                + ",\"outcome\":\"" + outcome.label() + "\",\"setBy\":" + Log.quote(setBy)
                + (outcome == Outcome.APPLICATION && result.callSite() != null ? ",\"callSite\":" + Log.quote(result.callSite()) : "")
                + "}";
    }

    /**
     * socket (an identity of the socket object for this JVM's lifetime, only to tell which events
     * belong to one socket; not kept anywhere), kind, role, local, remote (ip:port, IPv6 in
     * brackets, null where not known) and, as before, address.
     */
    static String common(SocketRole role, Ends ends) {
        return (ends.socket == null ? "" : "\"socket\":\"" + Integer.toHexString(System.identityHashCode(ends.socket)) + "\",")
                + "\"kind\":\"" + role.label() + "\",\"role\":\"" + role.ruleName() + "\",\"local\":" + quoteOrNull(ends.local)
                + ",\"remote\":" + quoteOrNull(ends.remote) + ",\"address\":" + Log.quote(ends.address());
    }

    static String quoteOrNull(String text) {
        return text == null ? "null" : Log.quote(text);
    }
}
