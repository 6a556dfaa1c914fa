package io.sockbuf.agent.sizing;

/**
 * A set of TCP ports, one bit per port (8 KiB for all 65,536, not per socket). Read on every
 * accept, written about once per port: a copied array, read without a lock or a boxed key (an
 * AtomicLongArray would link VarHandle call sites in the application's first accept).
 */
final class PortBits {

    /** Guards the copy; private, so no application code can hold it. */
    private final Object changing = new Object();
    private volatile long[] ports = new long[65536 / 64];

    static boolean isPort(int port) {
        return port > 0 && port <= 0xffff;
    }

    /** Whether the port is in the set; false for a number that is no port. */
    boolean holds(int port) {
        return isPort(port) && holds(ports, port);
    }

    void add(int port) {
        if (isPort(port) && !holds(ports, port)) {
            synchronized (changing) {
                long[] known = ports;
                if (!holds(known, port)) { // another thread's first accept on this port may have added it
                    long[] more = known.clone();
                    more[port >>> 6] |= bit(port);
                    ports = more;
                }
            }
        }
    }

    private static boolean holds(long[] table, int port) {
        return (table[port >>> 6] & bit(port)) != 0;
    }

    /** The port's bit in its word: a long shift uses the low six bits of the count. */
    private static long bit(int port) {
        return 1L << port;
    }
}
