package io.sockbuf.agent.probe.scenario;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/** Every way the JDK opens a socket: java.net, TLS, NIO channels, asynchronous channels, UDP. */
final class EveryKind {

    private EveryKind() {
    }

    static void socket(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        Socket client = sockets.keep(new Socket());
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("client", client);
        report("accepted", sockets.keep(listener.accept()));
        report("ctor-client", sockets.keep(new Socket(LOOPBACK, listener.getLocalPort())));
        report("ctor-accepted", sockets.keep(listener.accept()));
        ServerSocket unbound = sockets.keep(new ServerSocket());
        unbound.bind(new InetSocketAddress(LOOPBACK, 0));
        report("bind-listener", unbound);
    }

    static void ssl(Sockets sockets) throws Exception {
        ServerSocket plainListener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        report("ssl-client", sockets.keep(SSLSocketFactory.getDefault().createSocket(LOOPBACK, plainListener.getLocalPort())));
        sockets.keep(plainListener.accept());
        ServerSocket sslListener = sockets.keep(SSLServerSocketFactory.getDefault().createServerSocket(0, 50, LOOPBACK));
        report("ssl-listener", sslListener);
        sockets.keep(new Socket(LOOPBACK, sslListener.getLocalPort()));
        report("ssl-accepted", sockets.keep(sslListener.accept()));
    }

    static void nio(Sockets sockets) throws Exception {
        ServerSocketChannel listener = sockets.keep(ServerSocketChannel.open());
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("nio-listener", listener);
        InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();

        SocketChannel opened = sockets.keep(SocketChannel.open());
        opened.connect(address);
        report("nio-client", opened);
        report("nio-accepted", sockets.keep(listener.accept()));

        report("nio-open-remote", sockets.keep(SocketChannel.open(address)));
        sockets.keep(listener.accept());

        // The way Netty's NIO transport opens its channels.
        SocketChannel viaProvider = sockets.keep(SelectorProvider.provider().openSocketChannel());
        viaProvider.configureBlocking(false);
        if (!viaProvider.connect(address)) {
            while (!viaProvider.finishConnect()) {
                Thread.sleep(1);
            }
        }
        report("provider-client", viaProvider);
        sockets.keep(listener.accept());
        report("provider-listener", sockets.keep(SelectorProvider.provider().openServerSocketChannel()));
    }

    static void async(Sockets sockets) throws Exception {
        AsynchronousServerSocketChannel listener = sockets.keep(AsynchronousServerSocketChannel.open());
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("async-listener", listener);
        AsynchronousSocketChannel client = sockets.keep(AsynchronousSocketChannel.open());
        client.connect(listener.getLocalAddress()).get();
        report("async-client", client);
        report("async-accepted", sockets.keep(listener.accept().get()));
    }

    static void udp(Sockets sockets) throws Exception {
        report("datagram-socket", sockets.keep(new DatagramSocket(0, LOOPBACK)));
        report("multicast-socket", sockets.keep(new MulticastSocket(0)));
        DatagramChannel channel = sockets.keep(DatagramChannel.open());
        channel.bind(new InetSocketAddress(LOOPBACK, 0));
        report("datagram-channel", channel);
    }
}
