package io.sockbuf.agent.probe.scenario;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/**
 * Sizes an application sets itself where the agent asks for something else that is easy to take
 * for the kernel's doing: below the kernel's minimum, or not at all (observe mode). Each size is a
 * different number, so a test finds each socket by its application-set event.
 */
final class OwnSizes {

    private OwnSizes() {
    }

    /**
     * Clients that set sizes above the kernel's minimum before connect, the way client libraries do:
     * java.net both directions (30000), java.net send only (31000), NIO both (32000).
     */
    static void aboveTheMinimum(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        InetSocketAddress at = new InetSocketAddress(LOOPBACK, listener.getLocalPort());
        Socket both = sockets.keep(new Socket());
        both.setSendBufferSize(30000);
        both.setReceiveBufferSize(30000);
        both.connect(at);
        report("both", both);
        sockets.keep(listener.accept());
        Socket sendOnly = sockets.keep(new Socket());
        sendOnly.setSendBufferSize(31000);
        sendOnly.connect(at);
        report("send-only", sendOnly);
        sockets.keep(listener.accept());
        SocketChannel nio = sockets.keep(SocketChannel.open());
        nio.setOption(StandardSocketOptions.SO_SNDBUF, 32000);
        nio.setOption(StandardSocketOptions.SO_RCVBUF, 32000);
        nio.connect(at);
        report("nio-both", nio);
        sockets.keep(listener.accept());
    }

    /**
     * Sockets whose sizes the application set before their connect or bind, where a rule that
     * needs the address applies: a java.net listener's receive (20000), an NIO listener's (21000),
     * a client's send (30000), a datagram channel's receive (40000); and a client that sets nothing.
     */
    static void beforeAddressRules(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket());
        listener.setReceiveBufferSize(20000);
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("listener", listener);
        ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
        nioListener.setOption(StandardSocketOptions.SO_RCVBUF, 21000);
        nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("nio-listener", nioListener);
        Socket client = sockets.keep(new Socket());
        client.setSendBufferSize(30000);
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("client", client);
        sockets.keep(listener.accept());
        report("plain-client", sockets.keep(new Socket(LOOPBACK, listener.getLocalPort())));
        sockets.keep(listener.accept());
        DatagramChannel udp = sockets.keep(DatagramChannel.open());
        udp.setOption(StandardSocketOptions.SO_RCVBUF, 40000);
        udp.bind(new InetSocketAddress(LOOPBACK, 0));
        report("udp", udp);
    }

    /**
     * Binds where a rule for the address applies: a java.net listener, an NIO listener and a
     * datagram channel on ports the kernel chooses, then a listener and a datagram channel on
     * ports already in use (their bind fails; printed as {@code bind-failed <what>}).
     */
    static void binds(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
        nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("nio-listener", nioListener);
        DatagramChannel udp = sockets.keep(DatagramChannel.open());
        udp.bind(new InetSocketAddress(LOOPBACK, 0));
        report("udp", udp);
        ServerSocket second = sockets.keep(new ServerSocket());
        try {
            second.bind(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        } catch (java.net.BindException expected) {
            System.out.println("bind-failed listener");
        }
        DatagramChannel secondUdp = sockets.keep(DatagramChannel.open());
        try {
            secondUdp.bind(udp.getLocalAddress());
        } catch (java.net.BindException expected) {
            System.out.println("bind-failed udp");
        }
    }
}
