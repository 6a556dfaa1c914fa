package io.sockbuf.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The application's own setOption on one connected loopback socket, in a plain loop, for
 * benchmarks/floor.sh: the agent hooks every setOption at entry and after the set, and returns
 * after one comparison for any option but SO_RCVBUF / SO_SNDBUF. {@code SetOptionLoop KIND N} with
 * KIND {@code nodelay-channel}, {@code nodelay-socket} (TCP_NODELAY on a SocketChannel / a java.net
 * Socket), {@code rcvbuf-channel}, {@code rcvbuf-socket} (SO_RCVBUF, 8192 and 16384 in turn); a
 * {@code -sets} suffix (floor.sh's app-sets column) runs the same loop. Three warm-up loops of N/2,
 * then five of N; prints the fastest of the five in ns per set. Runs to a count, not for a time.
 */
public final class SetOptionLoop {

    public static void main(String[] args) throws Exception {
        String kind = args[0].replace("-sets", "");
        int n = Integer.parseInt(args[1]);
        SocketOption<?> option = kind.startsWith("nodelay") ? StandardSocketOptions.TCP_NODELAY : StandardSocketOptions.SO_RCVBUF;
        try (Pair pair = kind.endsWith("channel") ? new ChannelPair() : new SocketPair()) {
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                loop(pair, option, n / 2);
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                best = Math.min(best, loop(pair, option, n));
            }
            System.out.println(best / n);
        }
    }

    private static long loop(Pair pair, SocketOption<?> option, int n) throws Exception {
        long start = System.nanoTime();
        if (option == StandardSocketOptions.TCP_NODELAY) {
            for (int i = 0; i < n; i++) {
                pair.noDelay((i & 1) == 0);
            }
        } else {
            for (int i = 0; i < n; i++) {
                pair.receiveBuffer((i & 1) == 0 ? 8192 : 16384);
            }
        }
        return System.nanoTime() - start;
    }

    private interface Pair extends AutoCloseable {
        void noDelay(boolean on) throws Exception;

        void receiveBuffer(int bytes) throws Exception;
    }

    private static final class ChannelPair implements Pair {
        private final ServerSocketChannel listener = ServerSocketChannel.open();
        private final SocketChannel client;
        private final SocketChannel accepted;

        ChannelPair() throws Exception {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client = SocketChannel.open(listener.getLocalAddress());
            accepted = listener.accept();
        }

        @Override
        public void noDelay(boolean on) throws Exception {
            client.setOption(StandardSocketOptions.TCP_NODELAY, on);
        }

        @Override
        public void receiveBuffer(int bytes) throws Exception {
            client.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
        }

        @Override
        public void close() throws Exception {
            client.close();
            accepted.close();
            listener.close();
        }
    }

    private static final class SocketPair implements Pair {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Socket client;
        private final Socket accepted;

        SocketPair() throws Exception {
            client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            accepted = listener.accept();
        }

        @Override
        public void noDelay(boolean on) throws Exception {
            client.setTcpNoDelay(on);
        }

        @Override
        public void receiveBuffer(int bytes) throws Exception {
            client.setReceiveBufferSize(bytes);
        }

        @Override
        public void close() throws Exception {
            client.close();
            accepted.close();
            listener.close();
        }
    }
}
