package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketEnds;
import io.sockbuf.agent.model.SocketRole;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.DatagramSocketImpl;
import java.net.InetSocketAddress;
import java.net.SocketImpl;
import java.nio.channels.NetworkChannel;

/**
 * Whatever socket object a hook hands over (an NIO or asynchronous channel, a java.net impl, a
 * Netty epoll channel), seen the same way: its role, its two buffers, its ends. Made once per
 * hook call and dropped with it: nothing is kept per socket. Public API only, no --add-opens.
 */
public abstract class SocketHandle implements SocketEnds {

    /** The object the hook handed over: its identity tells the log which events belong to one socket. */
    final Object socket;
    private SocketRole role;
    private boolean roleKnown;

    SocketHandle(Object socket) {
        this.socket = socket;
    }

    /**
     * A socket that tells its role itself: a channel, a java.net datagram impl, a Netty epoll
     * channel (or a java.net socket impl, as a client or, connected, an accepted socket); null for
     * any other object.
     */
    public static SocketHandle of(Object socket) {
        if (socket instanceof NetworkChannel) {
            return new ChannelHandle((NetworkChannel) socket);
        }
        if (socket instanceof DatagramSocketImpl) {
            return new ImplHandle(socket, SocketRole.UDP, -1, null);
        }
        if (socket instanceof SocketImpl) {
            return new ImplHandle(socket, null, -1, null);
        }
        return socket == null ? null : NettyEpollSocket.ofChannel(socket);
    }

    /** A java.net socket impl whose role the hook knows (its listener flag); accept's new impl is {@link #ofAcceptedImpl}. */
    public static SocketHandle ofImpl(Object impl, SocketRole role) {
        return new ImplHandle(impl, role, -1, null);
    }

    /** An impl in its create: {@code fd} the descriptor it just made (null: not known), set below setOption where possible. */
    public static SocketHandle ofCreatedImpl(Object impl, SocketRole role, FileDescriptor fd) {
        return new ImplHandle(impl, role, -1, fd);
    }

    /** The impl accept just filled, with its local port as its listener has it (0 or less: not known). */
    public static SocketHandle ofAcceptedImpl(Object impl, int localPort) {
        return new ImplHandle(impl, SocketRole.ACCEPTED, localPort, null);
    }

    /** The socket's role; null for a socket the agent leaves alone (Unix-domain: no TCP window). Worked out once. */
    public final SocketRole role() throws IOException {
        if (!roleKnown) {
            role = findRole();
            roleKnown = true;
        }
        return role;
    }

    abstract SocketRole findRole() throws IOException;

    /**
     * The role of the socket the application sets a size on: a connected TCP socket (which by
     * itself cannot say whether it was accepted or connected) is an accepted one when its local
     * port is one on which this JVM accepted connections (see {@link ListeningPorts}), else a client.
     */
    public final SocketRole roleAtApplicationSet() throws IOException {
        SocketRole role = role();
        if ((role == SocketRole.CLIENT || role == SocketRole.ACCEPTED) && connected()) {
            return ListeningPorts.acceptedOn(localPort()) ? SocketRole.ACCEPTED : SocketRole.CLIENT;
        }
        return role;
    }

    /** The local port; -1 where not known. */
    int localPort() {
        return -1;
    }

    public abstract void set(Direction direction, int bytes) throws IOException;

    /**
     * Sets a size below the socket's setOption, where that is possible; only while no other thread
     * can reach the socket: a channel in its constructor, a java.net impl in its create or just
     * filled by accept (see {@link NativeBufferWriter}).
     *
     * @return false where it is not: the caller uses {@link #set}
     */
    boolean setBeforeItIsShared(Direction direction, int bytes) throws IOException {
        return false;
    }

    /**
     * Sets SO_SNDBUF on a new listener, for the sockets it will accept (see {@link ListenerSend});
     * only while no other thread can reach it, like {@link #setBeforeItIsShared}.
     *
     * @return false where this socket offers no way to do that
     */
    boolean setListenerSend(int bytes) throws IOException {
        return false;
    }

    /**
     * A listener made around a descriptor that already listens (System.inheritedChannel, from inetd
     * or systemd): connections in its backlog were cloned before the agent set anything.
     */
    boolean listeningAlready() {
        return false;
    }

    /** A listener's SO_SNDBUF as the JDK would report it, where it can be read (see {@link #setListenerSend}); else UNKNOWN. */
    int listenerSend() {
        return BufferResult.UNKNOWN;
    }

    /** The size as the JDK reports it (on Linux half what the kernel holds). */
    public abstract int get(Direction direction) throws IOException;

    /** Whether it has a peer (a connected client, an accepted socket). */
    abstract boolean connected() throws IOException;

    /** Closed channels keep the JDK's own answer to a set (ClosedChannelException). */
    boolean isOpen() {
        return true;
    }

    /**
     * Whether this socket's setOption takes 0 (Linux then raises it to its minimum): NIO channels
     * and NioSocketImpl (JDK 13+) do, so override replaces a 0 like any size; JDK 11's
     * PlainSocketImpl throws SocketException for it, and that exception stays the application's.
     * ({@code Socket.setReceiveBufferSize(0)} throws IllegalArgumentException before any hook.)
     */
    boolean acceptsZero() {
        return socket instanceof NetworkChannel || socket.getClass().getName().equals("sun.nio.ch.NioSocketImpl");
    }

    /** An accepted socket as rules see it: the peer's address and the local (listening) port; null where not known. */
    abstract InetSocketAddress acceptedAddress() throws IOException;
}
