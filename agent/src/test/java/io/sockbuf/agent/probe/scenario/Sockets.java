package io.sockbuf.agent.probe.scenario;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario opened: kept open until the probe ends (so the test can look at it from the
 * kernel side), and reported as {@link Measured} lines.
 */
public final class Sockets {

    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> open = new ArrayList<>();

    /** Kept open until {@link #closeAll}; safe from any thread. */
    public <T extends AutoCloseable> T keep(T closeable) {
        synchronized (open) {
            open.add(closeable);
        }
        return closeable;
    }

    public void closeAll() throws Exception {
        synchronized (open) {
            for (AutoCloseable closeable : open) {
                closeable.close();
            }
        }
    }

    public static void report(String name, ServerSocket listener) throws Exception {
        Measured.withPorts(name, listener.getReceiveBufferSize(), -1, listener.getLocalPort(), 0).print();
    }

    public static void report(String name, Socket socket) throws Exception {
        Measured.withPorts(name, socket.getReceiveBufferSize(), socket.getSendBufferSize(), socket.getLocalPort(), socket.getPort()).print();
    }

    public static void report(String name, DatagramSocket socket) throws Exception {
        Measured.withPorts(name, socket.getReceiveBufferSize(), socket.getSendBufferSize(), socket.getLocalPort(), 0).print();
    }

    public static void report(String name, NetworkChannel channel) throws Exception {
        boolean listener = channel instanceof ServerSocketChannel || channel instanceof AsynchronousServerSocketChannel;
        int send = listener ? -1 : channel.getOption(StandardSocketOptions.SO_SNDBUF);
        int remote = 0;
        if (channel instanceof SocketChannel) {
            remote = ((InetSocketAddress) ((SocketChannel) channel).getRemoteAddress()).getPort();
        } else if (channel instanceof AsynchronousSocketChannel) {
            remote = ((InetSocketAddress) ((AsynchronousSocketChannel) channel).getRemoteAddress()).getPort();
        }
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        Measured.withPorts(name, channel.getOption(StandardSocketOptions.SO_RCVBUF), send, local == null ? 0 : local.getPort(), remote).print();
    }

    /** A channel without ports (Unix domain): sizes only. */
    public static void reportSizes(String name, NetworkChannel channel) throws Exception {
        boolean listener = channel instanceof ServerSocketChannel;
        Measured.sizes(name, channel.getOption(StandardSocketOptions.SO_RCVBUF),
                listener ? -1 : channel.getOption(StandardSocketOptions.SO_SNDBUF)).print();
    }
}
