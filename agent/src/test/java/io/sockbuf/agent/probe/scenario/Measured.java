package io.sockbuf.agent.probe.scenario;

/**
 * What one socket reports through getsockopt, printed for the test as {@code <name> recv=R send=S}
 * (-1: the socket has no such buffer, a listener's send) and, where the socket has ports,
 * {@code ports <name> <local> <remote>} (0: none). The test side reads these lines back
 * (io.sockbuf.agent.testkit.Buffers and Ports).
 */
public final class Measured {

    public final String name;
    public final int recv;
    public final int send;
    private final boolean hasPorts;
    private final int localPort;
    private final int remotePort;

    private Measured(String name, int recv, int send, boolean hasPorts, int localPort, int remotePort) {
        this.name = name;
        this.recv = recv;
        this.send = send;
        this.hasPorts = hasPorts;
        this.localPort = localPort;
        this.remotePort = remotePort;
    }

    /** Sizes only (a Unix-domain channel, a socket already closed again). */
    public static Measured sizes(String name, int recv, int send) {
        return new Measured(name, recv, send, false, 0, 0);
    }

    public static Measured withPorts(String name, int recv, int send, int localPort, int remotePort) {
        return new Measured(name, recv, send, true, localPort, remotePort);
    }

    public String sizesLine() {
        return name + " recv=" + recv + " send=" + send;
    }

    public void print() {
        System.out.println(sizesLine());
        if (hasPorts) {
            System.out.println("ports " + name + " " + localPort + " " + remotePort);
        }
    }
}
