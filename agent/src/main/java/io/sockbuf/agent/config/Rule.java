package io.sockbuf.agent.config;

import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One rule of {@code sockbuf.rules}: which sockets (role, port, address range) get which sizes.
 * The port and address are the peer's for clients and accepted sockets' peers, and the local ones
 * for listeners and UDP sockets; an accepted socket's port is the local (listening) port.
 */
public final class Rule {

    public static final int ANY_PORT = -1;

    /** null matches every role. */
    final SocketRole role;
    final int port;
    /** Network address bytes and prefix length; null matches every address. */
    final byte[] network;
    final int prefixLength;
    final int receiveBuffer;
    final int sendBuffer;
    final String text;

    Rule(SocketRole role, int port, byte[] network, int prefixLength, int receiveBuffer, int sendBuffer, String text) {
        this.role = role;
        this.port = port;
        this.network = network;
        this.prefixLength = prefixLength;
        this.receiveBuffer = receiveBuffer;
        this.sendBuffer = sendBuffer;
        this.text = text;
    }

    /** Whether the rule looks at a port or an address, which are only known at connect or bind. */
    public boolean needsAddress() {
        return port != ANY_PORT || network != null;
    }

    /** Whether the rule can match a socket of this role on this local port (-1: not known), whatever its address. */
    public boolean mayApplyTo(SocketRole socketRole, int localPort) {
        return (role == null || role == socketRole) && (port == ANY_PORT || localPort <= 0 || port == localPort);
    }

    /** Whether it matches every socket of this role on this local port: no address range, and the port (if any) known to be it. */
    public boolean appliesToEvery(SocketRole socketRole, int localPort) {
        return (role == null || role == socketRole) && network == null && (port == ANY_PORT || port == localPort);
    }

    boolean matches(SocketRole socketRole, InetSocketAddress address) {
        if (role != null && role != socketRole) {
            return false;
        }
        if (!needsAddress()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        if (port != ANY_PORT && address.getPort() != port) {
            return false;
        }
        return network == null || contains(address.getAddress());
    }

    private boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** This rule's size for a direction, or {@link Settings#UNSET}. */
    public int size(Direction direction) {
        return direction == Direction.RECEIVE ? receiveBuffer : sendBuffer;
    }

    public int receiveBuffer() {
        return receiveBuffer;
    }

    public int sendBuffer() {
        return sendBuffer;
    }

    @Override
    public String toString() {
        return text;
    }
}
