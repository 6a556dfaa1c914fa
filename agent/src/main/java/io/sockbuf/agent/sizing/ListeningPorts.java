package io.sockbuf.agent.sizing;

/**
 * The local ports on which this JVM accepted connections, to tell a connected socket's role when
 * the application sets a size on it. An accepted socket's local port is its listener's; Linux never
 * gives a client an ephemeral port that a listener is bound to, so a connected socket on any other
 * port connected itself. Exact however many listeners the JVM has (see {@link PortBits}).
 */
final class ListeningPorts {

    private static final PortBits PORTS = new PortBits();

    private ListeningPorts() {
    }

    /** A socket was accepted on this local port (-1: not known). */
    static void accepted(int port) {
        PORTS.add(port);
    }

    /**
     * Whether a connected socket with this local port was accepted; where that cannot be told (its
     * port is not known) it is taken for accepted, as servers set sizes after accept far more often
     * than clients after connect.
     */
    static boolean acceptedOn(int port) {
        return !PortBits.isPort(port) || PORTS.holds(port);
    }
}
