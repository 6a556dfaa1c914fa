package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Rule;

/** The roles a socket can have; each gets the directions that can still take effect for it. */
public enum SocketKind {
    TCP_CLIENT("tcp client", true, true, Rule.Role.CLIENT),
    /** Java offers no SO_SNDBUF on a listening socket; its accepted sockets get it instead. */
    TCP_LISTENER("tcp listener", true, false, Rule.Role.LISTENER),
    /** SO_RCVBUF is inherited from the listener (setting it now would be after the handshake). */
    TCP_ACCEPTED("tcp accepted", false, true, Rule.Role.ACCEPTED),
    UDP("udp", true, true, Rule.Role.UDP);

    private final String label;
    private final boolean setsReceive;
    private final boolean setsSend;
    private final Rule.Role role;

    SocketKind(String label, boolean setsReceive, boolean setsSend, Rule.Role role) {
        this.label = label;
        this.setsReceive = setsReceive;
        this.setsSend = setsSend;
        this.role = role;
    }

    /** The name rules use for this kind. */
    Rule.Role role() {
        return role;
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
