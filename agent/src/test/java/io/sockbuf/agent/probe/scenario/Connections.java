package io.sockbuf.agent.probe.scenario;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/** Plain TCP connections in the numbers and on the ports the log, rule and summary tests need. */
final class Connections {

    private Connections() {
    }

    /** One connection; only the client is reported, without ports. */
    static void clientOnly(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = sockets.keep(new Socket(LOOPBACK, listener.getLocalPort()));
        sockets.keep(listener.accept());
        Measured.sizes("client", client.getReceiveBufferSize(), client.getSendBufferSize()).print();
    }

    /** A client socket that exists (setKeepAlive makes the JDK create it) and is closed without connecting. */
    static void neverConnects(Sockets sockets) throws Exception {
        Socket client = new Socket();
        client.setKeepAlive(true);
        client.close();
    }

    /** Ten connections, one after the other, each closed: {@code connection <i> recv=<client's> send=<accepted's>}. */
    static void tenConnections(Sockets sockets) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 0; i < 10; i++) {
                try (Socket client = new Socket(LOOPBACK, listener.getLocalPort()); Socket accepted = listener.accept()) {
                    if (Integer.getInteger("probe.acceptedRecv") != null) { // the application sizes what it accepted
                        accepted.setReceiveBufferSize(Integer.getInteger("probe.acceptedRecv"));
                    }
                    Measured.sizes("connection " + i, client.getReceiveBufferSize(), accepted.getSendBufferSize()).print();
                    Measured.sizes("accepted-" + i, accepted.getReceiveBufferSize(), accepted.getSendBufferSize()).print();
                }
            }
        }
    }

    /**
     * Two listeners on one port, 127.0.0.1 (made first) and 127.0.0.2: five sockets accepted by the
     * first, one by the second, then the application sets the first five's receive size to
     * -Dprobe.acceptedRecv; prints first-0..4 and second.
     */
    static void onePortTwoAddresses(Sockets sockets) throws Exception {
        ServerSocket first = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        InetAddress other = InetAddress.getByName("127.0.0.2");
        ServerSocket second = sockets.keep(new ServerSocket(first.getLocalPort(), 50, other));
        Socket[] accepted = new Socket[5];
        for (int i = 0; i < accepted.length; i++) {
            sockets.keep(new Socket(LOOPBACK, first.getLocalPort()));
            accepted[i] = sockets.keep(first.accept());
        }
        sockets.keep(new Socket(other, second.getLocalPort()));
        report("second", sockets.keep(second.accept()));
        for (int i = 0; i < accepted.length; i++) {
            accepted[i].setReceiveBufferSize(Integer.getInteger("probe.acceptedRecv"));
            report("first-" + i, accepted[i]);
        }
    }

    /**
     * Two listeners on the ports given by -Dprobe.port1 / -Dprobe.port2, java.net and NIO clients
     * to each, their accepted sockets, and a UDP socket on -Dprobe.udpPort: for rules by port.
     */
    static void twoServices(Sockets sockets) throws Exception {
        for (String which : new String[] {"1", "2"}) {
            int port = Integer.getInteger("probe.port" + which);
            ServerSocket listener = sockets.keep(new ServerSocket(port, 50, LOOPBACK));
            report("listener" + which, listener);
            report("client" + which, sockets.keep(new Socket(LOOPBACK, port)));
            report("accepted" + which, sockets.keep(listener.accept()));
            ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
            nioListener.bind(new InetSocketAddress(LOOPBACK, port + 1));
            report("nio-listener" + which, nioListener);
            report("nio-client" + which, sockets.keep(SocketChannel.open(new InetSocketAddress(LOOPBACK, port + 1))));
            sockets.keep(nioListener.accept());
        }
        report("udp", sockets.keep(new DatagramSocket(Integer.getInteger("probe.udpPort"), LOOPBACK)));
    }
}
