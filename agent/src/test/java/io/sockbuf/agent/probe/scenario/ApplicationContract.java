package io.sockbuf.agent.probe.scenario;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;

/**
 * What the JDK promises about SO_RCVBUF / SO_SNDBUF sets, which no mode may change: -1 and null
 * refused, a closed channel says so; and the application's own 1 MiB on UDP sockets and
 * Unix-domain channels (JDK 16+) stays. Prints {@code contract <case> <exception class or ok>}
 * lines and the sizes.
 */
final class ApplicationContract {

    private static final SocketOption<Integer> RCVBUF = StandardSocketOptions.SO_RCVBUF;
    private static final SocketOption<Integer> SNDBUF = StandardSocketOptions.SO_SNDBUF;
    private static final int MEBIBYTE = 1 << 20;
    /** What the application tries to set on its listeners' SO_SNDBUF, which the JDK refuses. */
    static final int LISTENER_SEND = 12345;

    private ApplicationContract() {
    }

    /** A set the JDK refuses or accepts, as the application sees it. */
    private interface Attempt {
        void run() throws Exception;
    }

    private static void attempt(String name, Attempt attempt) {
        String outcome = "ok";
        try {
            attempt.run();
        } catch (Exception e) {
            outcome = e.getClass().getName();
        }
        System.out.println("contract " + name + " " + outcome);
    }

    static void open(Sockets sockets) throws Exception {
        refusedSets(sockets);
        applicationsOwnSizes(sockets);
    }

    private static void refusedSets(Sockets sockets) throws Exception {
        SocketChannel channel = sockets.keep(SocketChannel.open());
        attempt("channel-rcvbuf-minus-1", () -> channel.setOption(RCVBUF, -1));
        attempt("channel-sndbuf-minus-1", () -> channel.setOption(SNDBUF, -1));
        attempt("channel-rcvbuf-null", () -> channel.setOption(RCVBUF, null));
        ServerSocketChannel listener = sockets.keep(ServerSocketChannel.open());
        attempt("listener-rcvbuf-minus-1", () -> listener.setOption(RCVBUF, -1));
        // Every JDK listener refuses SO_SNDBUF: UnsupportedOperationException, in every mode.
        attempt("listener-sndbuf", () -> listener.setOption(SNDBUF, LISTENER_SEND));
        ServerSocket serverSocket = sockets.keep(new ServerSocket());
        attempt("server-socket-option-sndbuf", () -> serverSocket.setOption(SNDBUF, LISTENER_SEND));
        AsynchronousServerSocketChannel asyncListener = sockets.keep(AsynchronousServerSocketChannel.open());
        attempt("async-listener-sndbuf", () -> asyncListener.setOption(SNDBUF, LISTENER_SEND));
        SocketChannel closed = SocketChannel.open();
        closed.close();
        attempt("closed-channel-rcvbuf", () -> closed.setOption(RCVBUF, 32768));
        attempt("closed-channel-sndbuf", () -> closed.setOption(SNDBUF, 32768));
        ServerSocketChannel closedListener = ServerSocketChannel.open();
        closedListener.close();
        attempt("closed-listener-rcvbuf", () -> closedListener.setOption(RCVBUF, 32768));
        AsynchronousSocketChannel async = sockets.keep(AsynchronousSocketChannel.open());
        attempt("async-rcvbuf-minus-1", () -> async.setOption(RCVBUF, -1));
        Socket socket = sockets.keep(new Socket());
        attempt("socket-rcvbuf-minus-1", () -> socket.setReceiveBufferSize(-1));
        attempt("socket-option-rcvbuf-minus-1", () -> socket.setOption(RCVBUF, -1));
        attempt("socket-option-rcvbuf-null", () -> socket.setOption(RCVBUF, null));
        Socket closedSocket = new Socket();
        closedSocket.close();
        attempt("closed-socket-option-rcvbuf", () -> closedSocket.setOption(RCVBUF, 32768));
    }

    private static void applicationsOwnSizes(Sockets sockets) throws Exception {
        DatagramSocket datagram = sockets.keep(new DatagramSocket(0, LOOPBACK));
        datagram.setReceiveBufferSize(MEBIBYTE);
        datagram.setSendBufferSize(MEBIBYTE);
        Measured.sizes("app-datagram-socket", datagram.getReceiveBufferSize(), datagram.getSendBufferSize()).print();
        DatagramChannel datagramChannel = sockets.keep(DatagramChannel.open());
        datagramChannel.setOption(RCVBUF, MEBIBYTE);
        datagramChannel.setOption(SNDBUF, MEBIBYTE);
        datagramChannel.bind(new InetSocketAddress(LOOPBACK, 0));
        Measured.sizes("app-datagram-channel", datagramChannel.getOption(RCVBUF), datagramChannel.getOption(SNDBUF)).print();
        ProtocolFamily unix;
        try {
            unix = StandardProtocolFamily.valueOf("UNIX");
        } catch (IllegalArgumentException beforeJdk16) {
            System.out.println("app-unix none before JDK 16");
            return;
        }
        SocketChannel unixChannel = sockets.keep(UnixDomain.channel(unix));
        unixChannel.setOption(RCVBUF, MEBIBYTE);
        unixChannel.setOption(SNDBUF, MEBIBYTE);
        Sockets.reportSizes("app-unix-channel", unixChannel);
        ServerSocketChannel unixListener = sockets.keep(UnixDomain.listener(unix));
        unixListener.setOption(RCVBUF, MEBIBYTE);
        Sockets.reportSizes("app-unix-listener", unixListener);
    }
}
