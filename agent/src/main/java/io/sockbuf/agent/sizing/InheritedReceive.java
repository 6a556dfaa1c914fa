package io.sockbuf.agent.sizing;

import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whose receive buffer an accepted socket holds, told from its size (nothing is kept per socket):
 * the agent's, inherited from a listener the agent sized (counted as the agent's when granted as
 * requested; a capped or raised one is the listener's problem, said there, and stays untouched); a
 * size the application set on a listener, inherited (the application's); the kernel's default, or another
 * size, while the agent asks for one: inherited from a listener the agent did not size (made before
 * it was loaded, while it was off, under other settings), counted as the listener's size; or, after
 * accept, a size no listener had, which the application set on the accepted socket itself, as
 * Jetty and Netty's childOption do. The sizes applications set on listeners are remembered, a
 * handful of numbers, not sockets.
 */
final class InheritedReceive {

    private static final int MAX_LISTENER_SIZES = 64;
    private static final Set<Integer> LISTENER_SIZES_OF_THE_APPLICATION = ConcurrentHashMap.newKeySet();
    /** The receive size every listener made so far got from the agent: while it is the request, accepted sockets need no read-back. */
    private static final EveryListener EVERY_LISTENER = new EveryListener();
    /**
     * Per local port (an accepted socket's is its listener's), how the receive size of the last socket
     * accepted on it was counted, where an application's later set on it could not work that out
     * again (it replaces the size): some listener lacks the request, the application sized one, a
     * rule sets one, a listener may predate the agent. 0: nothing recorded. 64 KiB, made only then.
     */
    private static volatile byte[] countedOnPort;
    private static final Object MAKING_THE_TABLE = new Object();
    private static final byte COUNTED_AS_THE_AGENTS = 1;
    private static final byte COUNTED_UNTOUCHED = 2;
    private static final byte COUNTED_AS_THE_LISTENERS = 3;
    private static final byte COUNTED_AS_THE_APPLICATIONS = 4;

    private InheritedReceive() {
    }

    /** A listener was made and given {@code given} (UNSET: nothing, or its set failed). */
    static void listenerMade(int given, SocketHandle listener) {
        if (given != BufferResult.UNSET && listener.listeningAlready()) {
            EVERY_LISTENER.mayDiffer(); // its backlog already holds sockets that inherited what it had before
        } else {
            EVERY_LISTENER.made(given);
        }
    }

    /** A listener may be made that the agent does not see, or sizes with something else. */
    static void listenersMayDiffer() {
        EVERY_LISTENER.mayDiffer();
    }

    /** The application set a listener's SO_RCVBUF, which its accepted sockets inherit; {@code effective} as read back. */
    static void applicationSetAListener(int effective) {
        if (effective != BufferResult.UNKNOWN && LISTENER_SIZES_OF_THE_APPLICATION.size() < MAX_LISTENER_SIZES) {
            LISTENER_SIZES_OF_THE_APPLICATION.add(effective);
        }
    }

    /**
     * The accepted socket's receive direction as inherited from its listener, or null when its
     * size is none a listener had: the application set it after accept.
     */
    static BufferResult of(int current, SizingPolicy policy, int port) {
        if (current == BufferResult.UNKNOWN) {
            return BufferResult.untouched(current, true);
        }
        if (LISTENER_SIZES_OF_THE_APPLICATION.contains(current)) {
            return BufferResult.applicationsListenerSize(current);
        }
        int requested = agentsRequest(policy);
        if (requested != BufferResult.UNSET) {
            KernelLimits kernel = policy.events.kernel();
            if (current == requested) {
                return BufferResult.inheritedFromTheAgent(requested, current);
            }
            if (kernel.grants(requested, current, Direction.RECEIVE)) {
                // capped or raised: said on the listener's line; not repeated as a problem of each accepted socket
                return BufferResult.untouched(current, true);
            }
            for (Rule rule : policy.settings.rules().all()) { // a listener rule applied at bind
                if (rule.receiveBuffer() != Settings.UNSET && rule.mayApplyTo(SocketRole.LISTENER, port)
                        && kernel.grants(rule.receiveBuffer(), current, Direction.RECEIVE)) {
                    return rule.receiveBuffer() == current ? BufferResult.inheritedFromTheAgent(current, current)
                            : BufferResult.untouched(current, true);
                }
            }
        }
        if (current == KernelLimits.fresh(SocketRole.LISTENER, Direction.RECEIVE)) {
            return requested == BufferResult.UNSET ? BufferResult.untouched(current, true) : BufferResult.listenersSize(requested, current);
        }
        return null;
    }

    /**
     * At accept, before the application could set anything: never null. A size no listener of the
     * agent's or the application's had is another listener's. Recorded for the port where a later
     * set could not tell it again.
     */
    static BufferResult atAccept(int current, SizingPolicy policy, int port, boolean mayPredate) {
        BufferResult inherited = of(current, policy, port);
        int requested = agentsRequest(policy);
        if (inherited == null) {
            inherited = requested == BufferResult.UNSET ? BufferResult.untouched(current, true) : BufferResult.listenersSize(requested, current);
        }
        if (port > 0 && port <= 0xffff && (mayPredate || !predictable(policy, requested))) {
            record(port, inherited.listenersSize() ? COUNTED_AS_THE_LISTENERS : inherited.byApplication() ? COUNTED_AS_THE_APPLICATIONS
                    : inherited.requested() != BufferResult.UNSET ? COUNTED_AS_THE_AGENTS : COUNTED_UNTOUCHED);
        }
        return inherited;
    }

    private static void record(int port, byte counted) {
        byte[] table = countedOnPort;
        if (table == null) {
            synchronized (MAKING_THE_TABLE) {
                if (countedOnPort == null) {
                    countedOnPort = new byte[0x10000];
                }
                table = countedOnPort;
            }
        }
        table[port] = counted;
    }

    /**
     * How an accepted socket's receive direction was counted at accept, for an application's set
     * that replaces it now: from the record of its port, else as every listener holds it.
     */
    static BufferResult countedAtAccept(SizingPolicy policy, int port) {
        int requested = agentsRequest(policy);
        byte[] table = countedOnPort;
        byte counted = table == null || port <= 0 || port > 0xffff ? 0 : table[port];
        if (counted == COUNTED_AS_THE_LISTENERS) {
            return BufferResult.listenersSize(requested, BufferResult.UNKNOWN);
        }
        if (counted == COUNTED_AS_THE_APPLICATIONS) {
            return BufferResult.applicationsListenerSize(BufferResult.UNKNOWN);
        }
        if (counted == COUNTED_UNTOUCHED || requested == BufferResult.UNSET) {
            return BufferResult.untouched(BufferResult.UNKNOWN, true);
        }
        int granted = policy.events.kernel().granted(requested, Direction.RECEIVE);
        int held = granted == BufferResult.UNKNOWN ? requested : granted;
        if (counted == 0 && held != requested) {
            return BufferResult.untouched(held, true); // capped or raised: said on the listener's line
        }
        return BufferResult.inheritedFromTheAgent(requested, held);
    }

    /** Whether an accepted socket's receive count follows from the settings alone (see {@link #predicted}). */
    private static boolean predictable(SizingPolicy policy, int requested) {
        return LISTENER_SIZES_OF_THE_APPLICATION.isEmpty()
                && (requested == BufferResult.UNSET || EVERY_LISTENER.hold(requested) && !policy.settings.rules().setsAnyReceive());
    }

    /** What the agent gives listeners for their receive size, or UNSET where it gives none (not configured, or the mode leaves it). */
    private static int agentsRequest(SizingPolicy policy) {
        int requested = policy.configured(SocketRole.LISTENER, Direction.RECEIVE);
        return policy.mode().agentSets(Direction.RECEIVE) ? requested : BufferResult.UNSET;
    }

    /**
     * What an accepted socket's receive direction is counted as without reading it back, where that
     * is certain enough to be checked only by sampling: no application set a listener's size, the
     * agent gave every listener this JVM made its global (or role) size and no rule sets a receive
     * size, and no listener may predate the agent. Null otherwise (then it is read back).
     */
    static BufferResult predicted(SizingPolicy policy, KernelLimits kernel, boolean mayPredate) {
        if (mayPredate || !LISTENER_SIZES_OF_THE_APPLICATION.isEmpty() || policy.settings.rules().setsAnyReceive()) {
            return null;
        }
        int requested = agentsRequest(policy);
        if (requested == BufferResult.UNSET) {
            return BufferResult.untouched(BufferResult.UNKNOWN, true);
        }
        if (!EVERY_LISTENER.hold(requested)) {
            return null;
        }
        int granted = kernel == null ? BufferResult.UNKNOWN : kernel.granted(requested, Direction.RECEIVE);
        if (granted == BufferResult.UNKNOWN) {
            return null;
        }
        return granted == requested ? BufferResult.inheritedFromTheAgent(requested, granted) : BufferResult.untouched(granted, true);
    }
}
