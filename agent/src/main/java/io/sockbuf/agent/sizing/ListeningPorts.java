package io.sockbuf.agent.sizing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local ports on which this JVM accepted connections: a handful of numbers (one per listening
 * port, not per socket), to tell a connected socket's role when the application sets a size on
 * it. An accepted socket's local port is its listener's; Linux never gives a client an ephemeral
 * port that a listener is bound to, so a connected socket on any other port connected itself.
 */
final class ListeningPorts {

    private static final int MAX_PORTS = 256;
    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    private ListeningPorts() {
    }

    /** A socket was accepted on this local port (-1: not known). */
    static void accepted(int port) {
        if (port > 0 && PORTS.size() < MAX_PORTS && !PORTS.contains(port)) {
            PORTS.add(port);
        }
    }

    /**
     * Whether a connected socket with this local port was accepted; where that cannot be told
     * (port not known, more listening ports than the table holds) it is taken for accepted, as
     * servers set sizes after accept far more often than clients after connect.
     */
    static boolean acceptedOn(int port) {
        return port <= 0 || PORTS.size() >= MAX_PORTS || PORTS.contains(port);
    }
}
