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
            // Rules are first-match: the listener got the size of the first rule that matched it at
            // bind (the global one where that rule sets none). Rules with an address range may or
            // may not have matched; the first that matches every listener on this port ends the list.
            for (Rule rule : policy.settings.rules().all()) {
                if (rule.mayApplyTo(SocketRole.LISTENER, port)) {
                    BufferResult given = given(rule.receiveBuffer() != Settings.UNSET ? rule.receiveBuffer() : requested, current, policy);
                    if (given != null || rule.appliesToEvery(SocketRole.LISTENER, port)) {
                        return given != null ? given : fresh(current, requested);
                    }
                }
            }
            BufferResult given = given(requested, current, policy);
            if (given != null) {
                return given;
            }
        }
        return fresh(current, requested);
    }

    /** The agent's {@code size}, inherited; null when {@code current} is not what the kernel grants for it. */
    private static BufferResult given(int size, int current, SizingPolicy policy) {
        if (current == size) {
            return BufferResult.inheritedFromTheAgent(size, current);
        }
        if (policy.events.kernel().grants(size, current, Direction.RECEIVE)) {
            // capped or raised: said on the listener's line; not repeated as a problem of each accepted socket
            return BufferResult.untouched(current, true);
        }
        return null;
    }

    /** The kernel's default (the listener's size where nothing sized it), or else null: a size no listener had. */
    private static BufferResult fresh(int current, int requested) {
        if (current == KernelLimits.fresh(SocketRole.LISTENER, Direction.RECEIVE)) {
            return requested == BufferResult.UNSET ? BufferResult.untouched(current, true) : BufferResult.listenersSize(requested, current);
        }
        return null;
    }

    /** At accept, before the application could set anything: never null. A size no listener of the agent's or the application's had is another listener's. */
    static BufferResult atAccept(int current, SizingPolicy policy, int port) {
        BufferResult inherited = of(current, policy, port);
        if (inherited != null) {
            return inherited;
        }
        int requested = agentsRequest(policy);
        return requested == BufferResult.UNSET ? BufferResult.untouched(current, true) : BufferResult.listenersSize(requested, current);
    }

    /**
     * What an accepted socket's receive direction was counted as, told from {@code before}, the size
     * it held at the entry of the application's set that replaces it: as at accept; null when that
     * size is one the application set (an earlier set on it, which counted it as the application's).
     * UNKNOWN (not read): what accept counts while every listener holds the agent's size.
     */
    static BufferResult countedBefore(int before, SizingPolicy policy, int port) {
        if (before != BufferResult.UNKNOWN) {
            BufferResult inherited = of(before, policy, port);
            if (inherited != null) {
                return inherited;
            }
            return ApplicationSizes.set(Direction.RECEIVE, before) ? null : atAccept(before, policy, port);
        }
        int requested = agentsRequest(policy);
        if (requested == BufferResult.UNSET) {
            return BufferResult.untouched(BufferResult.UNKNOWN, true);
        }
        int granted = policy.events.kernel().granted(requested, Direction.RECEIVE);
        return granted == requested || granted == BufferResult.UNKNOWN ? BufferResult.inheritedFromTheAgent(requested, requested)
                : BufferResult.untouched(granted, true);
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
