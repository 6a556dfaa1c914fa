package io.sockbuf.agent.sizing;

import java.util.Arrays;

/**
 * The local ports on which this JVM accepted connections: a handful of numbers (one per listening
 * port, not per socket), to tell a connected socket's role when the application sets a size on
 * it. An accepted socket's local port is its listener's; Linux never gives a client an ephemeral
 * port that a listener is bound to, so a connected socket on any other port connected itself.
 *
 * <p>Read at every accept, written once per port: a copied array, scanned without a lock or a boxed key.
 */
final class ListeningPorts {

    private static final int MAX_PORTS = 256;
    /** Guards the copy; private, so no application code can hold it. */
    private static final Object ADDING = new Object();
    private static volatile int[] ports = new int[0];

    private ListeningPorts() {
    }

    /** A socket was accepted on this local port (-1: not known). */
    static void accepted(int port) {
        if (port > 0 && !contains(ports, port)) {
            add(port);
        }
    }

    private static void add(int port) {
        synchronized (ADDING) {
            int[] known = ports;
            if (known.length < MAX_PORTS && !contains(known, port)) {
                int[] more = Arrays.copyOf(known, known.length + 1);
                more[known.length] = port;
                ports = more;
            }
        }
    }

    /**
     * Whether a connected socket with this local port was accepted; where that cannot be told
     * (port not known, more listening ports than the table holds) it is taken for accepted, as
     * servers set sizes after accept far more often than clients after connect.
     */
    static boolean acceptedOn(int port) {
        int[] known = ports;
        return port <= 0 || known.length >= MAX_PORTS || contains(known, port);
    }

    private static boolean contains(int[] known, int port) {
        for (int p : known) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }
}
