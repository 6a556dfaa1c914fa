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
}
