package io.sockbuf.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One loopback TCP connection per operation, in a plain loop, for benchmarks/floor.sh:
 * {@code TcpConnectAccept KIND N} with KIND {@code socket} (java.net: connect, accept, close both)
 * or {@code channel} (SocketChannel.open(address), accept, close both); {@code socket-sets} and
 * {@code channel-sets} are the same with the application setting the sizes itself, through the
 * calls the agent makes (8192; client both before connect, listener receive before bind, accepted
 * send). Three warm-up loops of N/2, then five of N; prints the fastest of the five in ns per
 * connection. Runs to a count, not for a time. The client is closed first: its TIME_WAIT ports are
 * reused for loopback connects (net.ipv4.tcp_tw_reuse=2, the default).
 */
public final class TcpConnectAccept {

    private static final int SIZE = 8192;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        boolean sets = kind.endsWith("-sets");
        Connections connections = kind.startsWith("socket") ? new JavaNet(sets) : new Channels(sets);
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            loop(connections, n / 2);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            best = Math.min(best, loop(connections, n));
        }
        System.out.println(best / n);
    }

    private static long loop(Connections connections, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            connections.one();
        }
        return System.nanoTime() - start;
    }

    interface Connections {
        void one() throws Exception;
    }

    private static final class JavaNet implements Connections {
        private final boolean sets;
        private final ServerSocket server = new ServerSocket();
        private final SocketAddress address;

        JavaNet(boolean sets) throws Exception {
            this.sets = sets;
            if (sets) {
                server.setReceiveBufferSize(SIZE);
            }
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            address = server.getLocalSocketAddress();
        }

        @Override
        public void one() throws Exception {
            Socket client = new Socket();
            if (sets) {
                client.setReceiveBufferSize(SIZE);
                client.setSendBufferSize(SIZE);
            }
            client.connect(address);
            Socket accepted = server.accept();
            if (sets) {
                accepted.setSendBufferSize(SIZE);
            }
            client.close();
            accepted.close();
        }
    }

    /** Also ChurnLoop's, one per thread. */
    static final class Channels implements Connections, AutoCloseable {
        private final boolean sets;
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final SocketAddress address;

        Channels(boolean sets) throws Exception {
            this.sets = sets;
            if (sets) {
                server.setOption(StandardSocketOptions.SO_RCVBUF, SIZE);
            }
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            address = server.getLocalAddress();
        }

        @Override
        public void one() throws Exception {
            SocketChannel client;
            if (sets) {
                client = SocketChannel.open();
                client.setOption(StandardSocketOptions.SO_RCVBUF, SIZE);
                client.setOption(StandardSocketOptions.SO_SNDBUF, SIZE);
                client.connect(address);
            } else {
                client = SocketChannel.open(address);
            }
            SocketChannel accepted = server.accept();
            if (sets) {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, SIZE);
            }
            client.close();
            accepted.close();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
