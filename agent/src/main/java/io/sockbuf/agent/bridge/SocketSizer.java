package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.SocketLog;

import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The bootstrap-visible bridge: the advice inlined into JDK classes calls these methods right
 * after a socket's file descriptor exists (before connect, bind or listen). They apply the
 * configured sizes, read back what the kernel granted and report it. They never throw and keep
 * no reference to the socket.
 */
public final class SocketSizer {

    private static volatile Settings settings;
    private static volatile SocketLog log;

    private SocketSizer() {
    }

    /** Until this is called the hooks do nothing. */
    public static void configure(Settings newSettings, SocketLog newLog) {
        log = newLog;
        settings = newSettings;
    }

    /** A java.net socket impl (NioSocketImpl, or PlainSocketImpl on JDK 11) just made its descriptor. */
    public static void socketImplCreated(Object impl, boolean listener) {
        size(impl, listener ? SocketKind.TCP_LISTENER : SocketKind.TCP_CLIENT);
    }

    /** JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. */
    public static void socketImplCreatedWithServerSocket(Object impl, Object serverSocket) {
        socketImplCreated(impl, serverSocket != null);
    }

    /** A java.net datagram impl (PlainDatagramSocketImpl) just made its descriptor. */
    public static void datagramImplCreated(Object impl) {
        size(impl, SocketKind.UDP);
    }

    /** A java.net socket impl just accepted a connection into {@code acceptedImpl} (plain and SSL alike). */
    public static void socketAccepted(Object acceptedImpl) {
        size(acceptedImpl, SocketKind.TCP_ACCEPTED);
    }

    /** A socket, server socket, datagram or asynchronous channel finished its constructor. */
    public static void channelCreated(Object channel) {
        try {
            SocketKind kind = kindOf(channel);
            if (kind != null) {
                size(channel, kind);
            }
        } catch (Throwable t) {
            reportInternalError(SocketKind.TCP_CLIENT, t);
        }
    }

    /** One of Netty's epoll channels finished its constructor: its socket exists, not yet bound or connected. */
    public static void nettyEpollChannelCreated(Object channel) {
        try {
            SocketKind kind = NettyEpollSocket.kindOf(channel);
            if (kind != null) {
                size(NettyEpollSocket.of(channel), kind);
            }
        } catch (Throwable t) {
            reportInternalError(SocketKind.TCP_CLIENT, t);
        }
    }

    private static SocketKind kindOf(Object channel) throws Exception {
        if (channel instanceof SocketChannel) {
            SocketChannel socketChannel = (SocketChannel) channel;
            if (!socketChannel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                return null; // a Unix-domain channel: no TCP window to size
            }
            return socketChannel.isConnected() ? SocketKind.TCP_ACCEPTED : SocketKind.TCP_CLIENT;
        }
        if (channel instanceof ServerSocketChannel) {
            // Unix-domain listeners (JDK 16+) offer SO_RCVBUF but not SO_REUSEADDR.
            boolean inet = ((ServerSocketChannel) channel).supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR);
            return inet ? SocketKind.TCP_LISTENER : null;
        }
        if (channel instanceof DatagramChannel) {
            return SocketKind.UDP;
        }
        if (channel instanceof AsynchronousSocketChannel) {
            return ((AsynchronousSocketChannel) channel).getRemoteAddress() != null
                    ? SocketKind.TCP_ACCEPTED : SocketKind.TCP_CLIENT;
        }
        if (channel instanceof AsynchronousServerSocketChannel) {
            return SocketKind.TCP_LISTENER;
        }
        return null;
    }

    private static void size(Object target, SocketKind kind) {
        Settings current = settings;
        SocketLog currentLog = log;
        if (current == null || currentLog == null) {
            return;
        }
        try {
            BufferResult receive = kind.setsReceive()
                    ? apply(target, true, current.receiveBuffer())
                    : BufferResult.untouched(read(target, true), kind == SocketKind.TCP_ACCEPTED);
            BufferResult send = kind.setsSend()
                    ? apply(target, false, current.sendBuffer())
                    : BufferResult.untouched(BufferResult.UNKNOWN, false);
            currentLog.socket(kind, target, receive, send);
        } catch (Throwable t) {
            reportInternalError(kind, t);
        }
    }

    private static BufferResult apply(Object target, boolean receive, int requested) {
        if (requested == Settings.UNSET) {
            return BufferResult.untouched(read(target, receive), false);
        }
        try {
            BufferOptions.set(target, receive, requested);
        } catch (Throwable t) {
            return BufferResult.failed(requested, t);
        }
        return BufferResult.applied(requested, read(target, receive));
    }

    private static int read(Object target, boolean receive) {
        try {
            return BufferOptions.get(target, receive);
        } catch (Throwable t) {
            return BufferResult.UNKNOWN;
        }
    }

    private static void reportInternalError(SocketKind kind, Throwable t) {
        try {
            SocketLog currentLog = log;
            if (currentLog != null) {
                currentLog.internalError(kind, t);
            }
        } catch (Throwable ignored) {
            // The log itself failed (e.g. stderr closed): nothing is left to tell, and the socket must work.
        }
    }
}
