package io.sockbuf.agent.bridge;

import java.net.DatagramSocketImpl;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * When the override and auto modes must hand the application's SO_RCVBUF / SO_SNDBUF set to the
 * JDK exactly as it came, so the JDK's contract holds: a value the JDK refuses ({@code -1},
 * {@code null}, not an Integer, 0 where that socket refuses it) still gets its exception, a closed channel
 * its {@code ClosedChannelException}; and sockets that are not TCP keep what the application set
 * (UDP has no autotuning, a Unix-domain channel has no TCP window).
 */
final class LeftToTheJdk {

    private LeftToTheJdk() {
    }

    static boolean appliesTo(Object socket, Object value) {
        if (!(value instanceof Integer) || (Integer) value < 0 || (Integer) value == 0 && !acceptsZero(socket)) {
            return true; // the JDK decides what to say about it
        }
        if (socket instanceof Channel && !((Channel) socket).isOpen()) {
            return true;
        }
        return !isTcp(socket);
    }

    /**
     * Whether this socket's setOption takes 0 (Linux then raises it to its minimum): NIO channels
     * and NioSocketImpl (JDK 13+) do, so override replaces a 0 like any size; JDK 11's
     * PlainSocketImpl throws SocketException for it, and that exception stays the application's.
     * ({@code Socket.setReceiveBufferSize(0)} throws IllegalArgumentException before any hook.)
     */
    private static boolean acceptsZero(Object socket) {
        return socket instanceof java.nio.channels.NetworkChannel || socket.getClass().getName().equals("sun.nio.ch.NioSocketImpl");
    }

    private static boolean isTcp(Object socket) {
        if (socket instanceof DatagramChannel || socket instanceof DatagramSocketImpl) {
            return false;
        }
        if (socket instanceof SocketChannel) {
            return ((SocketChannel) socket).supportedOptions().contains(StandardSocketOptions.TCP_NODELAY);
        }
        if (socket instanceof ServerSocketChannel) {
            // Unix-domain listeners (JDK 16+) offer SO_RCVBUF but not SO_REUSEADDR.
            return ((ServerSocketChannel) socket).supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR);
        }
        return true; // java.net socket impls and asynchronous channels are TCP
    }
}
