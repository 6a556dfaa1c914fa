package io.sockbuf.agent.probe.scenario;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static io.sockbuf.agent.probe.scenario.Sockets.report;

/** Listeners on [::1] and clients to them: java.net, NIO and asynchronous, and UDP on [::1]. */
final class Ipv6Loopback {

    private Ipv6Loopback() {
    }

    static void open(Sockets sockets) throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, v6));
        report("v6-listener", listener);
        Socket client = sockets.keep(new Socket(v6, listener.getLocalPort()));
        report("v6-client", client);
        report("v6-accepted", sockets.keep(listener.accept()));
        System.out.println("v6-peer " + client.getInetAddress().getHostAddress());

        ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
        nioListener.bind(new InetSocketAddress(v6, 0));
        report("v6-nio-listener", nioListener);
        report("v6-nio-client", sockets.keep(SocketChannel.open(nioListener.getLocalAddress())));
        report("v6-nio-accepted", sockets.keep(nioListener.accept()));

        AsynchronousServerSocketChannel asyncListener = sockets.keep(AsynchronousServerSocketChannel.open());
        asyncListener.bind(new InetSocketAddress(v6, 0));
        report("v6-async-listener", asyncListener);
        AsynchronousSocketChannel asyncClient = sockets.keep(AsynchronousSocketChannel.open());
        asyncClient.connect(asyncListener.getLocalAddress()).get();
        report("v6-async-client", asyncClient);
        report("v6-async-accepted", sockets.keep(asyncListener.accept().get()));

        report("v6-udp", sockets.keep(new DatagramSocket(0, v6)));
        DatagramChannel channel = sockets.keep(DatagramChannel.open(StandardProtocolFamily.INET6));
        channel.bind(new InetSocketAddress(v6, 0));
        report("v6-udp-channel", channel);
    }
}
