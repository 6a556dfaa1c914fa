package io.sockbuf.agent.model;

/**
 * What a socket is to the application, as rules name it ({@code client:port=5432:recv=4m}) and
 * the log labels it; each role gets the directions that can still take effect for it.
 */
public enum SocketRole {
    CLIENT("tcp client", true, true),
    /** Java offers no SO_SNDBUF on a listening socket; its accepted sockets get it instead. */
    LISTENER("tcp listener", true, false),
    /** SO_RCVBUF is inherited from the listener (setting it now would be after the handshake). */
    ACCEPTED("tcp accepted", false, true),
    UDP("udp", true, true);

    private final String label;
    private final boolean setsReceive;
    private final boolean setsSend;

    SocketRole(String label, boolean setsReceive, boolean setsSend) {
        this.label = label;
        this.setsReceive = setsReceive;
        this.setsSend = setsSend;
    }

    /** The log's name: {@code tcp client}, {@code udp}. */
    public String label() {
        return label;
    }

    /** The rules' and the JSON {@code role} field's name: {@code client}, {@code listener}, {@code accepted}, {@code udp}. */
    public String ruleName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the agent sets this direction on a socket of this role (at creation, or at connect/bind for a rule). */
    public boolean sets(Direction direction) {
        return direction == Direction.RECEIVE ? setsReceive : setsSend;
    }
}
