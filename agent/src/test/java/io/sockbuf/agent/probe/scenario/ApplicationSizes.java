package io.sockbuf.agent.probe.scenario;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/** An application that sizes its sockets itself: before connect, after connect, the way servers do. */
final class ApplicationSizes {

    private ApplicationSizes() {
    }

    /** An application that sizes its own socket after the agent did: the application wins. */
    static void beforeConnect(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = sockets.keep(new Socket());
        client.setReceiveBufferSize(32768);
        client.setSendBufferSize(32768);
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("app-sized-client", client);
        sockets.keep(listener.accept());
    }

    /** What an application gets when it sizes a socket itself, too late: after connect. */
    static void afterConnect(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = sockets.keep(new Socket(LOOPBACK, listener.getLocalPort()));
        client.setReceiveBufferSize(24 * 1024);
        report("late-client", client);
        sockets.keep(listener.accept());
    }

    /**
     * A driver's usual bug, on every connection: six clients each set SO_RCVBUF after connect at one
     * call site, five to 24 KiB and the last to 32 KiB; prints {@code late-client-<i>} for each.
     */
    static void afterConnectEveryTime(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        for (int i = 1; i <= 6; i++) {
            Socket client = sockets.keep(new Socket(LOOPBACK, listener.getLocalPort()));
            client.setReceiveBufferSize(i < 6 ? 24 * 1024 : 32 * 1024);
            report("late-client-" + i, client);
            sockets.keep(listener.accept());
        }
    }

    /**
     * Sizes the way servers and clients set them themselves: a listener's SO_RCVBUF before bind,
     * each accepted socket's SO_SNDBUF right after accept, a client's SO_RCVBUF before connect;
     * java.net and NIO; plus a client that sets nothing.
     */
    static void whoSetIt(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket());
        listener.setReceiveBufferSize(32768);
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("app-listener", listener);
        Socket client = sockets.keep(new Socket());
        client.setReceiveBufferSize(16384);
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("app-client", client);
        Socket accepted = sockets.keep(listener.accept());
        accepted.setSendBufferSize(49152);
        report("app-accepted", accepted);
        report("plain-client", sockets.keep(new Socket(LOOPBACK, listener.getLocalPort())));
        report("plain-accepted", sockets.keep(listener.accept()));

        ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
        nioListener.setOption(StandardSocketOptions.SO_RCVBUF, 40960);
        nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("nio-listener", nioListener);
        SocketChannel nioClient = sockets.keep(SocketChannel.open());
        nioClient.setOption(StandardSocketOptions.SO_SNDBUF, 20480);
        nioClient.connect(nioListener.getLocalAddress());
        report("nio-client", nioClient);
        SocketChannel nioAccepted = sockets.keep(nioListener.accept());
        nioAccepted.setOption(StandardSocketOptions.SO_SNDBUF, 57344);
        report("nio-accepted", nioAccepted);
    }

    /**
     * Clients that set their own sizes before connect, some exactly to the 24k the tests give the
     * agent, next to clients that set nothing (java.net and NIO); every accepted socket is left alone.
     */
    static void mixedSets(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        int[][] sets = {{0, 0}, {24576, 24576}, {0, 0}, {24576, 40960}, {16384, 24576}, {0, 0}};
        for (int i = 0; i < sets.length; i++) {
            Socket client = sockets.keep(new Socket());
            if (sets[i][0] != 0) {
                client.setReceiveBufferSize(sets[i][0]);
            }
            if (sets[i][1] != 0) {
                client.setSendBufferSize(sets[i][1]);
            }
            client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
            report("mixed-client-" + i, client);
            sockets.keep(listener.accept());
        }
        ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
        nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
        SocketChannel nioClient = sockets.keep(SocketChannel.open());
        nioClient.setOption(StandardSocketOptions.SO_RCVBUF, 24576);
        nioClient.setOption(StandardSocketOptions.SO_SNDBUF, 24576);
        nioClient.connect(nioListener.getLocalAddress());
        report("mixed-nio-client", nioClient);
        sockets.keep(nioListener.accept());
    }

    /**
     * A driver's bug: clients (java.net and NIO) that set SO_RCVBUF after connect, next to the
     * accepted sockets of their connections, which nobody sizes.
     */
    static void lateClients(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = sockets.keep(new Socket(LOOPBACK, listener.getLocalPort()));
        Socket accepted = sockets.keep(listener.accept());
        client.setReceiveBufferSize(70000);
        report("late-client", client);
        report("late-client-accepted", accepted);
        ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
        nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
        SocketChannel nioClient = sockets.keep(SocketChannel.open(nioListener.getLocalAddress()));
        SocketChannel nioAccepted = sockets.keep(nioListener.accept());
        nioClient.setOption(StandardSocketOptions.SO_RCVBUF, 70000);
        report("late-nio-client", nioClient);
        report("late-nio-accepted", nioAccepted);
    }

    /** The late clients after connections accepted on 300 other listening ports (the agent once kept 256). */
    static void lateClientsAfterManyListeners(Sockets sockets) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
                new Socket(LOOPBACK, listener.getLocalPort()).close();
                listener.accept().close(); // the connection waited in the backlog
            }
        }
        lateClients(sockets);
    }
}
