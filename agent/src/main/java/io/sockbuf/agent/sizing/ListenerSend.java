package io.sockbuf.agent.sizing;

import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;

/**
 * The send size of accepted sockets, set once on their listener rather than on each of them:
 * Linux copies a listener's SO_SNDBUF (and its lock against autotuning) into every socket it
 * accepts (benchmarks/README.md, ListenerSendBufferProbe). One per {@link SizingPolicy}.
 *
 * <p>Whether the listener behind a port holds this size is learnt from the port's first accepted
 * socket, by its size (nothing is kept per socket or listener): it holds what this request gets, so
 * the port's later sockets are left as they come; or it does not (a listener made before the agent
 * was attached or before the settings changed, one whose set failed), so each gets its size at
 * accept as before. A listener made without the size (an asynchronous one, a failed set) may be
 * bound to the port of a closed one that had it: every port is learnt again then. A socket read back
 * later (a line, a sample) that holds something else is sized then and its port learnt again.
 */
final class ListenerSend {

    /** What accepted sockets get; UNSET where they are sized one by one (none configured, a rule that needs their address). */
    private final int request;
    /** Replaced whenever a listener is made that does not hold the size: it may be bound to a port learnt before. */
    private volatile PortBits inherited = new PortBits();
    private final PortBits setOnEach = new PortBits();

    ListenerSend(int request) {
        this.request = request;
    }

    int request() {
        return request;
    }

    /** What the listener was given, or UNSET where it was not (none configured, no way to reach its descriptor, a failed set). */
    int setOn(SocketHandle listener) {
        if (request == BufferResult.UNSET) {
            return BufferResult.UNSET;
        }
        boolean set = false;
        try {
            ApplicationSets.AGENT_IS_SETTING.set(Boolean.TRUE); // the hooks on setOption must not take this set for the application's
            set = listener.setListenerSend(request);
        } catch (Throwable t) {
            set = false; // its accepted sockets are sized one by one, as they were before
        } finally {
            ApplicationSets.AGENT_IS_SETTING.remove();
        }
        if (!set) {
            inherited = new PortBits(); // it may be bound to the port of a closed listener that held the size
        }
        return set ? request : BufferResult.UNSET;
    }

    /** Whether a socket just accepted on this port, that would be asked for {@code sendRequest}, holds it from its listener. */
    boolean heldBy(SocketHandle accepted, int port, int sendRequest, KernelLimits kernel) {
        if (sendRequest != request || request == BufferResult.UNSET || !PortBits.isPort(port) || setOnEach.holds(port)) {
            return false;
        }
        if (inherited.holds(port)) {
            return true;
        }
        int now = SizingPolicy.read(accepted, Direction.SEND);
        if (now != BufferResult.UNKNOWN && kernel.grants(request, now, Direction.SEND)) {
            inherited.add(port);
            return true;
        }
        setOnEach.add(port);
        return false;
    }

    /** A socket of this port read back without the size its listener was to give: the port is learnt again. */
    void missedOn(int port) {
        inherited.remove(port);
    }
}
