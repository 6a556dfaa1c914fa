package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.config.Settings;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whose receive buffer an accepted socket holds, told from its size (nothing is kept per socket):
 * the agent's, inherited from a listener the agent sized (counted as the agent's when granted as
 * requested; a capped or raised one is the listener's problem, said there, and stays untouched); the kernel's
 * default or a size the application set on a listener, inherited (untouched); or neither, so the
 * application set it on the accepted socket itself, as Jetty and Netty's childOption do. The
 * sizes applications set on listeners are remembered, a handful of numbers, not sockets.
 */
final class InheritedReceive {

    private static final int MAX_LISTENER_SIZES = 64;
    private static final Set<Integer> LISTENER_SIZES_OF_THE_APPLICATION = ConcurrentHashMap.newKeySet();

    private InheritedReceive() {
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
    static BufferResult of(int current, Settings settings) {
        if (current == BufferResult.UNKNOWN || current == KernelDefaults.fresh(SocketKind.TCP_LISTENER, true)
                || LISTENER_SIZES_OF_THE_APPLICATION.contains(current)) {
            return BufferResult.untouched(current, true);
        }
        int requested = SocketSizer.sizeFor(settings.rules().match(Rule.Role.LISTENER, null), settings, true);
        if (!SocketSizer.agentLeavesAlone(settings.mode(), true, requested)) {
            if (current == requested) {
                return BufferResult.inheritedFromTheAgent(requested, current);
            }
            if (KernelDefaults.grants(requested, current, true)) {
                // capped or raised: said on the listener's line; not repeated as a problem of each accepted socket
                return BufferResult.untouched(current, true);
            }
            for (Rule rule : settings.rules().all()) { // a listener rule applied at bind
                if (rule.receiveBuffer() != Settings.UNSET && KernelDefaults.grants(rule.receiveBuffer(), current, true)) {
                    return rule.receiveBuffer() == current ? BufferResult.inheritedFromTheAgent(current, current)
                            : BufferResult.untouched(current, true);
                }
            }
        }
        return null;
    }

    /** At accept, before the application could set anything: never null. */
    static BufferResult atAccept(int current, Settings settings) {
        BufferResult inherited = of(current, settings);
        return inherited != null ? inherited : BufferResult.untouched(current, true);
    }
}
