package io.sockbuf.agent.probe;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The application under test: plain JDK code that knows nothing of the agent. It opens the
 * sockets of one scenario on loopback and prints, per socket, what getsockopt reports:
 * {@code <name> recv=<bytes> send=<bytes>} and {@code ports <name> <local> <remote>}. Then it prints
 * {@code HOLD} and, with the argument {@code hold}, keeps every socket open until stdin closes so
 * the test can look at them from the kernel side.
 */
public final class SocketProbe {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<AutoCloseable> open = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        SocketProbe probe = new SocketProbe();
        probe.run(args[0]);
        System.out.println("HOLD");
        System.out.flush();
        if (args.length > 1 && args[1].equals("hold")) {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        for (AutoCloseable closeable : probe.open) {
            closeable.close();
        }
    }

    private void run(String scenario) throws Exception {
        switch (scenario) {
            case "socket": socket(); break;
            case "ssl": ssl(); break;
            case "nio": nio(); break;
            case "async": async(); break;
            case "udp": udp(); break;
            case "httpclient": httpClient(); break;
            case "late-app-set": lateApplicationSet(); break;
            case "client-only": clientOnly(); break;
            case "set-after-connect": setAfterConnect(); break;
            case "ten-connections": tenConnections(); break;
            case "two-services": twoServices(); break;
            case "load": LoadScenario.run(); break;
            default: throw new IllegalArgumentException(scenario);
        }
    }

    private void socket() throws Exception {
        ServerSocket listener = keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        Socket client = keep(new Socket());
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("client", client);
        report("accepted", keep(listener.accept()));
        report("ctor-client", keep(new Socket(LOOPBACK, listener.getLocalPort())));
        report("ctor-accepted", keep(listener.accept()));
        ServerSocket unbound = keep(new ServerSocket());
        unbound.bind(new InetSocketAddress(LOOPBACK, 0));
        report("bind-listener", unbound);
    }

    private void ssl() throws Exception {
        ServerSocket plainListener = keep(new ServerSocket(0, 50, LOOPBACK));
        report("ssl-client", keep(SSLSocketFactory.getDefault().createSocket(LOOPBACK, plainListener.getLocalPort())));
        keep(plainListener.accept());
        ServerSocket sslListener = keep(SSLServerSocketFactory.getDefault().createServerSocket(0, 50, LOOPBACK));
        report("ssl-listener", sslListener);
        keep(new Socket(LOOPBACK, sslListener.getLocalPort()));
        report("ssl-accepted", keep(sslListener.accept()));
    }

    private void nio() throws Exception {
        ServerSocketChannel listener = keep(ServerSocketChannel.open());
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("nio-listener", listener);
        InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();

        SocketChannel opened = keep(SocketChannel.open());
        opened.connect(address);
        report("nio-client", opened);
        report("nio-accepted", keep(listener.accept()));

        report("nio-open-remote", keep(SocketChannel.open(address)));
        keep(listener.accept());

        // The way Netty's NIO transport opens its channels.
        SocketChannel viaProvider = keep(SelectorProvider.provider().openSocketChannel());
        viaProvider.configureBlocking(false);
        if (!viaProvider.connect(address)) {
            while (!viaProvider.finishConnect()) {
                Thread.sleep(1);
            }
        }
        report("provider-client", viaProvider);
        keep(listener.accept());
        report("provider-listener", keep(SelectorProvider.provider().openServerSocketChannel()));
    }

    private void async() throws Exception {
        AsynchronousServerSocketChannel listener = keep(AsynchronousServerSocketChannel.open());
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("async-listener", listener);
        AsynchronousSocketChannel client = keep(AsynchronousSocketChannel.open());
        client.connect(listener.getLocalAddress()).get();
        report("async-client", client);
        report("async-accepted", keep(listener.accept().get()));
    }

    private void udp() throws Exception {
        DatagramSocket datagram = keep(new DatagramSocket(0, LOOPBACK));
        report("datagram-socket", datagram.getReceiveBufferSize(), datagram.getSendBufferSize(), datagram.getLocalPort(), 0);
        MulticastSocket multicast = keep(new MulticastSocket(0));
        report("multicast-socket", multicast.getReceiveBufferSize(), multicast.getSendBufferSize(), multicast.getLocalPort(), 0);
        DatagramChannel channel = keep(DatagramChannel.open());
        channel.bind(new InetSocketAddress(LOOPBACK, 0));
        report("datagram-channel", channel);
    }

    private void httpClient() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        open.add(() -> server.stop(0));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("http-status " + response.statusCode() + " " + response.body());
        System.out.println("ports http-server " + server.getAddress().getPort() + " 0");
    }

    /** An application that sizes its own socket after the agent did: the application wins. */
    private void lateApplicationSet() throws Exception {
        ServerSocket listener = keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = keep(new Socket());
        client.setReceiveBufferSize(32768);
        client.setSendBufferSize(32768);
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("app-sized-client", client);
        keep(listener.accept());
    }

    /** What an application gets when it sizes a socket itself, too late: after connect. */
    private void setAfterConnect() throws Exception {
        ServerSocket listener = keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = keep(new Socket(LOOPBACK, listener.getLocalPort()));
        client.setReceiveBufferSize(24 * 1024);
        report("late-client", client);
        keep(listener.accept());
    }

    /**
     * Two listeners on the ports given by -Dprobe.port1 / -Dprobe.port2, java.net and NIO clients
     * to each, their accepted sockets, and a UDP socket on -Dprobe.udpPort: for rules by port.
     */
    private void twoServices() throws Exception {
        for (String which : new String[] {"1", "2"}) {
            int port = Integer.getInteger("probe.port" + which);
            ServerSocket listener = keep(new ServerSocket(port, 50, LOOPBACK));
            report("listener" + which, listener);
            report("client" + which, keep(new Socket(LOOPBACK, port)));
            report("accepted" + which, keep(listener.accept()));
            ServerSocketChannel nioListener = keep(ServerSocketChannel.open());
            nioListener.bind(new InetSocketAddress(LOOPBACK, port + 1));
            report("nio-listener" + which, nioListener);
            report("nio-client" + which, keep(SocketChannel.open(new InetSocketAddress(LOOPBACK, port + 1))));
            keep(nioListener.accept());
        }
        DatagramSocket udp = keep(new DatagramSocket(Integer.getInteger("probe.udpPort"), LOOPBACK));
        report("udp", udp.getReceiveBufferSize(), udp.getSendBufferSize(), udp.getLocalPort(), 0);
    }

    private void tenConnections() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 0; i < 10; i++) {
                try (Socket client = new Socket(LOOPBACK, listener.getLocalPort()); Socket accepted = listener.accept()) {
                    System.out.println("connection " + i + " recv=" + client.getReceiveBufferSize() + " send=" + accepted.getSendBufferSize());
                }
            }
        }
    }

    private void clientOnly() throws Exception {
        ServerSocket listener = keep(new ServerSocket(0, 50, LOOPBACK));
        Socket client = keep(new Socket(LOOPBACK, listener.getLocalPort()));
        keep(listener.accept());
        System.out.println("client recv=" + client.getReceiveBufferSize() + " send=" + client.getSendBufferSize());
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static void report(String name, ServerSocket listener) throws Exception {
        report(name, listener.getReceiveBufferSize(), -1, listener.getLocalPort(), 0);
    }

    private static void report(String name, Socket socket) throws Exception {
        report(name, socket.getReceiveBufferSize(), socket.getSendBufferSize(), socket.getLocalPort(), socket.getPort());
    }

    private static void report(String name, NetworkChannel channel) throws Exception {
        boolean listener = channel instanceof ServerSocketChannel || channel instanceof AsynchronousServerSocketChannel;
        int send = listener ? -1 : channel.getOption(StandardSocketOptions.SO_SNDBUF);
        int remote = 0;
        if (channel instanceof SocketChannel) {
            remote = ((InetSocketAddress) ((SocketChannel) channel).getRemoteAddress()).getPort();
        } else if (channel instanceof AsynchronousSocketChannel) {
            remote = ((InetSocketAddress) ((AsynchronousSocketChannel) channel).getRemoteAddress()).getPort();
        }
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        report(name, channel.getOption(StandardSocketOptions.SO_RCVBUF), send, local == null ? 0 : local.getPort(), remote);
    }

    private static void report(String name, int receive, int send, int localPort, int remotePort) {
        System.out.println(name + " recv=" + receive + " send=" + send);
        System.out.println("ports " + name + " " + localPort + " " + remotePort);
    }
}
