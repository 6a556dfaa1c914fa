package io.sockbuf.agent.sizing;

/**
 * The local ports on which this JVM accepted connections, to tell a connected socket's role when
 * the application sets a size on it. An accepted socket's local port is its listener's; Linux never
 * gives a client an ephemeral port that a listener is bound to, so a connected socket on any other
 * port connected itself.
 *
 * <p>One bit per port (8 KiB for all 65,536, not per socket), exact however many listeners the JVM
 * has. Read at every accept and every application set, written once per port: a copied array,
 * read without a lock or a boxed key (an AtomicLongArray would link VarHandle call sites in the
 * application's first accept).
 */
final class ListeningPorts {

    /** Guards the copy; private, so no application code can hold it. */
    private static final Object ADDING = new Object();
    private static volatile long[] ports = new long[65536 / 64];

    private ListeningPorts() {
    }

    /** A socket was accepted on this local port (-1: not known). */
    static void accepted(int port) {
        if (isPort(port) && !holds(ports, port)) {
            add(port);
        }
    }

    private static void add(int port) {
        synchronized (ADDING) {
            long[] known = ports;
            if (!holds(known, port)) { // another thread's first accept on this port may have added it
                long[] more = known.clone();
                more[port >>> 6] |= bit(port);
                ports = more;
            }
        }
    }

    /**
     * Whether a connected socket with this local port was accepted; where that cannot be told (its
     * port is not known) it is taken for accepted, as servers set sizes after accept far more often
     * than clients after connect.
     */
    static boolean acceptedOn(int port) {
        return !isPort(port) || holds(ports, port);
    }

    private static boolean isPort(int port) {
        return port > 0 && port <= 0xffff;
    }

    private static boolean holds(long[] table, int port) {
        return (table[port >>> 6] & bit(port)) != 0;
    }

    /** The port's bit in its word: a long shift uses the low six bits of the count. */
    private static long bit(int port) {
        return 1L << port;
    }
}
