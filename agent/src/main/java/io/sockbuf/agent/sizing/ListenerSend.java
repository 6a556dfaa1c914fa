package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.BufferResult;

/**
 * The send size of accepted sockets, set once on their listener rather than on each of them:
 * Linux copies a listener's SO_SNDBUF (and its lock against autotuning) into every socket it
 * accepts (benchmarks/README.md, ListenerSendBufferProbe). One per {@link SizingPolicy}.
 *
 * <p>An accepted socket does not tell which listener it came from, and a port can be shared by
 * listeners (SO_REUSEPORT, two addresses) or reused by the next one. So an accepted socket is left
 * alone only while <em>every</em> listener this JVM has made got the same send size from the agent
 * (see {@link #ALL_LISTENERS}): one listener without it (an asynchronous or Netty-epoll one, a
 * failed set, a listener made while the agent was off or under other settings, one that already
 * listened when it was made: System.inheritedChannel), or a JVM whose listeners may predate the
 * agent (attach), and every accepted socket is set at accept, as before.
 */
final class ListenerSend {

    /** The send size every listener made so far holds from the agent. */
    private static final EveryListener ALL_LISTENERS = new EveryListener();

    /** What accepted sockets get; UNSET where they are sized one by one (none configured, a rule that needs their address). */
    private final int request;

    ListenerSend(int request) {
        this.request = request;
    }

    int request() {
        return request;
    }

    /** What the listener was given, or UNSET where it was not (none configured, no way to reach its descriptor, a failed set). */
    int setOn(SocketHandle listener) {
        boolean set = false;
        if (request != BufferResult.UNSET) {
            try {
                ApplicationSets.AGENT_IS_SETTING.set(Boolean.TRUE); // the hooks on setOption must not take this set for the application's
                set = listener.setListenerSend(request);
            } catch (Throwable t) {
                set = false; // its accepted sockets are sized one by one, as they were before
            } finally {
                ApplicationSets.AGENT_IS_SETTING.remove();
            }
        }
        int given = set ? request : BufferResult.UNSET;
        // An inherited listener's backlog already holds sockets without it: those must be set at accept.
        if (set && listener.listeningAlready()) {
            ALL_LISTENERS.mayDiffer();
        } else {
            ALL_LISTENERS.made(given);
        }
        return given;
    }

    /** Whether a socket just accepted, that would be asked for {@code sendRequest}, holds it from its listener, whichever that is. */
    boolean heldBy(int sendRequest, boolean listenersMayPredate) {
        return sendRequest == request && request != BufferResult.UNSET && !listenersMayPredate && ALL_LISTENERS.hold(request);
    }

    /**
     * Listeners may be made that the agent does not see (it was switched off, or its listener hook
     * failed), or one was found without the size after all: accepted sockets are set one by one from now on.
     */
    static void listenersMayDiffer() {
        ALL_LISTENERS.mayDiffer();
    }
}
