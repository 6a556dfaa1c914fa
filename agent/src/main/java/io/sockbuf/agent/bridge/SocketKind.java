package io.sockbuf.agent.bridge;

/** The roles a socket can have; each gets the directions that can still take effect for it. */
public enum SocketKind {
    TCP_CLIENT("tcp client", true, true),
    /** Java offers no SO_SNDBUF on a listening socket; its accepted sockets get it instead. */
    TCP_LISTENER("tcp listener", true, false),
    /** SO_RCVBUF is inherited from the listener (setting it now would be after the handshake). */
    TCP_ACCEPTED("tcp accepted", false, true),
    UDP("udp", true, true);

    private final String label;
    private final boolean setsReceive;
    private final boolean setsSend;

    SocketKind(String label, boolean setsReceive, boolean setsSend) {
        this.label = label;
        this.setsReceive = setsReceive;
        this.setsSend = setsSend;
    }

    public String label() {
        return label;
    }

    boolean setsReceive() {
        return setsReceive;
    }

    boolean setsSend() {
        return setsSend;
    }
}
