package io.sockbuf.agent.probe;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
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
            case "who-set-it": whoSetIt(); break;
            case "never-connects": neverConnects(); break;
            case "ten-connections": tenConnections(); break;
            case "two-services": twoServices(); break;
            case "load": LoadScenario.run(); break;
            case "bundled-byte-buddy": bundledByteBuddy(); break;
            case "ipv6-loopback": ipv6Loopback(); break;
            case "unix-domain": unixDomain(); break;
            case "virtual-threads": virtualThreads(); break;
            case "stderr-target": stderrTarget(); break;
            case "fake-netty-then-socket": fakeNettyThenSocket(); break;
            case "application-contract": applicationContract(); break;
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

    /**
     * Sizes the way servers and clients set them themselves: a listener's SO_RCVBUF before bind,
     * each accepted socket's SO_SNDBUF right after accept, a client's SO_RCVBUF before connect;
     * java.net and NIO; plus a client that sets nothing.
     */
    private void whoSetIt() throws Exception {
        ServerSocket listener = keep(new ServerSocket());
        listener.setReceiveBufferSize(32768);
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("app-listener", listener);
        Socket client = keep(new Socket());
        client.setReceiveBufferSize(16384);
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("app-client", client);
        Socket accepted = keep(listener.accept());
        accepted.setSendBufferSize(49152);
        report("app-accepted", accepted);
        report("plain-client", keep(new Socket(LOOPBACK, listener.getLocalPort())));
        report("plain-accepted", keep(listener.accept()));

        ServerSocketChannel nioListener = keep(ServerSocketChannel.open());
        nioListener.setOption(StandardSocketOptions.SO_RCVBUF, 40960);
        nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
        report("nio-listener", nioListener);
        SocketChannel nioClient = keep(SocketChannel.open());
        nioClient.setOption(StandardSocketOptions.SO_SNDBUF, 20480);
        nioClient.connect(nioListener.getLocalAddress());
        report("nio-client", nioClient);
        SocketChannel nioAccepted = keep(nioListener.accept());
        nioAccepted.setOption(StandardSocketOptions.SO_SNDBUF, 57344);
        report("nio-accepted", nioAccepted);
    }

    /** A client socket that exists (setKeepAlive makes the JDK create it) and is closed without connecting. */
    private void neverConnects() throws Exception {
        Socket client = new Socket();
        client.setKeepAlive(true);
        client.close();
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

    /**
     * An application that bundles its own Byte Buddy (the unshaded net.bytebuddy on its class
     * path) and uses it while the agent, which carries only a relocated copy of Byte Buddy's ASM,
     * is active: it generates a subclass of java.net.Socket, loads it in a new class loader and
     * connects with it.
     */
    private void bundledByteBuddy() throws Exception {
        ServerSocket listener = keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        Socket generated = keep(BundledByteBuddy.newGeneratedSocket());
        System.out.println("generated " + generated.getClass().getName() + " extends " + generated.getClass().getSuperclass().getName()
                + " says " + generated);
        System.out.println("byte-buddy " + BundledByteBuddy.describe());
        generated.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("generated-client", generated);
        report("accepted", keep(listener.accept()));
    }

    /** Only this class refers to Byte Buddy, so the other scenarios run without it on the class path. */
    private static final class BundledByteBuddy {
        static Socket newGeneratedSocket() throws Exception {
            Class<? extends Socket> type = new net.bytebuddy.ByteBuddy()
                    .subclass(Socket.class)
                    .name("io.sockbuf.agent.probe.generated.GeneratedSocket")
                    .method(net.bytebuddy.matcher.ElementMatchers.named("toString"))
                    .intercept(net.bytebuddy.implementation.FixedValue.value("made-by-the-application's-byte-buddy"))
                    .make()
                    .load(SocketProbe.class.getClassLoader(), net.bytebuddy.dynamic.loading.ClassLoadingStrategy.Default.WRAPPER)
                    .getLoaded();
            return type.getDeclaredConstructor().newInstance();
        }

        /** Where the application's Byte Buddy came from: its own jar, not the agent's. */
        static String describe() {
            Class<?> byteBuddy = net.bytebuddy.ByteBuddy.class;
            return byteBuddy.getName() + " from " + byteBuddy.getProtectionDomain().getCodeSource().getLocation()
                    + " asm " + net.bytebuddy.jar.asm.ClassWriter.class.getProtectionDomain().getCodeSource().getLocation();
        }
    }

    /** Listeners on [::1] and clients to them: java.net, NIO and asynchronous, and UDP on [::1]. */
    private void ipv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        ServerSocket listener = keep(new ServerSocket(0, 50, v6));
        report("v6-listener", listener);
        Socket client = keep(new Socket(v6, listener.getLocalPort()));
        report("v6-client", client);
        report("v6-accepted", keep(listener.accept()));
        System.out.println("v6-peer " + client.getInetAddress().getHostAddress());

        ServerSocketChannel nioListener = keep(ServerSocketChannel.open());
        nioListener.bind(new InetSocketAddress(v6, 0));
        report("v6-nio-listener", nioListener);
        report("v6-nio-client", keep(SocketChannel.open(nioListener.getLocalAddress())));
        report("v6-nio-accepted", keep(nioListener.accept()));

        AsynchronousServerSocketChannel asyncListener = keep(AsynchronousServerSocketChannel.open());
        asyncListener.bind(new InetSocketAddress(v6, 0));
        report("v6-async-listener", asyncListener);
        AsynchronousSocketChannel asyncClient = keep(AsynchronousSocketChannel.open());
        asyncClient.connect(asyncListener.getLocalAddress()).get();
        report("v6-async-client", asyncClient);
        report("v6-async-accepted", keep(asyncListener.accept().get()));

        DatagramSocket datagram = keep(new DatagramSocket(0, v6));
        report("v6-udp", datagram.getReceiveBufferSize(), datagram.getSendBufferSize(), datagram.getLocalPort(), 0);
        DatagramChannel channel = keep(DatagramChannel.open(StandardProtocolFamily.INET6));
        channel.bind(new InetSocketAddress(v6, 0));
        report("v6-udp-channel", channel);
    }

    /**
     * Unix-domain channels (JDK 16+, reached through reflection as this code is compiled for 11):
     * a listener, a client, the accepted channel and a message between them; then one TCP
     * connection, so the exit summary's TCP counts show whether the Unix channels were counted.
     * The Unix channels' sizes are printed as {@code unix-* recv=R send=S} (what the JDK chose).
     */
    private void unixDomain() throws Exception {
        ProtocolFamily unix = StandardProtocolFamily.valueOf("UNIX");
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("sockbuf-probe");
        java.nio.file.Path path = directory.resolve("probe.sock");
        java.net.SocketAddress address = (java.net.SocketAddress) Class.forName("java.net.UnixDomainSocketAddress")
                .getMethod("of", java.nio.file.Path.class).invoke(null, path);
        ServerSocketChannel listener = keep((ServerSocketChannel) ServerSocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, unix));
        listener.bind(address);
        SocketChannel client = keep((SocketChannel) SocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, unix));
        client.connect(address);
        SocketChannel accepted = keep(listener.accept());
        SocketChannel openedAtAddress = keep(SocketChannel.open(address));
        keep(listener.accept());
        client.write(java.nio.ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        java.nio.ByteBuffer received = java.nio.ByteBuffer.allocate(4);
        while (received.hasRemaining() && accepted.read(received) >= 0) {
            // a Unix-domain stream may deliver the four bytes in parts
        }
        System.out.println("unix-message " + new String(received.array(), StandardCharsets.UTF_8));
        unixReport("unix-listener", listener);
        unixReport("unix-client", client);
        unixReport("unix-accepted", accepted);
        unixReport("unix-open-address", openedAtAddress);
        open.add(() -> {
            java.nio.file.Files.deleteIfExists(path);
            java.nio.file.Files.deleteIfExists(directory);
        });

        ServerSocket tcpListener = keep(new ServerSocket(0, 50, LOOPBACK));
        report("tcp-listener", tcpListener);
        report("tcp-client", keep(new Socket(LOOPBACK, tcpListener.getLocalPort())));
        report("tcp-accepted", keep(tcpListener.accept()));
    }

    private static void unixReport(String name, NetworkChannel channel) throws Exception {
        boolean listener = channel instanceof ServerSocketChannel;
        System.out.println(name + " recv=" + channel.getOption(StandardSocketOptions.SO_RCVBUF)
                + " send=" + (listener ? -1 : channel.getOption(StandardSocketOptions.SO_SNDBUF)));
    }

    /**
     * JDK 21+: a virtual thread (Thread.ofVirtual() through reflection, as this code is compiled
     * for 11) opens a java.net and an NIO listener, connects to each and accepts; then
     * {@code -Dprobe.virtual.clients} (100) more virtual threads each connect one java.net client
     * while the first accepts them. Prints {@code virtual true}, the usual lines for the first
     * sockets and {@code virtual-clients N sized M} for the others, where sized means getsockopt
     * equals {@code -Dprobe.expect.recv} / {@code -Dprobe.expect.send}.
     */
    private void virtualThreads() throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        java.lang.reflect.Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        java.lang.reflect.Method isVirtual = Thread.class.getMethod("isVirtual");
        int clients = Integer.getInteger("probe.virtual.clients", 100);
        int expectRecv = Integer.getInteger("probe.expect.recv", -1);
        int expectSend = Integer.getInteger("probe.expect.send", -1);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger sized = new java.util.concurrent.atomic.AtomicInteger();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread first = (Thread) start.invoke(builder, (Runnable) () -> {
            try {
                lines.add("virtual " + isVirtual.invoke(Thread.currentThread()));
                ServerSocket listener = keep(new ServerSocket(0, clients + 50, LOOPBACK));
                lines.add(line("virtual-listener", listener.getReceiveBufferSize(), -1));
                Socket client = keep(new Socket());
                client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
                lines.add(line("virtual-client", client.getReceiveBufferSize(), client.getSendBufferSize()));
                Socket accepted = keep(listener.accept());
                lines.add(line("virtual-accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize()));

                ServerSocketChannel nioListener = keep(ServerSocketChannel.open());
                nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
                lines.add(line("virtual-nio-listener", nioListener.getOption(StandardSocketOptions.SO_RCVBUF), -1));
                SocketChannel nioClient = keep(SocketChannel.open(nioListener.getLocalAddress()));
                lines.add(line("virtual-nio-client", nioClient.getOption(StandardSocketOptions.SO_RCVBUF), nioClient.getOption(StandardSocketOptions.SO_SNDBUF)));
                SocketChannel nioAccepted = keep(nioListener.accept());
                lines.add(line("virtual-nio-accepted", nioAccepted.getOption(StandardSocketOptions.SO_RCVBUF), nioAccepted.getOption(StandardSocketOptions.SO_SNDBUF)));

                List<Thread> connecting = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    connecting.add((Thread) start.invoke(builder, (Runnable) () -> {
                        try (Socket each = new Socket(LOOPBACK, listener.getLocalPort())) {
                            if (each.getReceiveBufferSize() == expectRecv && each.getSendBufferSize() == expectSend) {
                                sized.incrementAndGet();
                            }
                            each.getInputStream().read(); // until the accepting side closes
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    }));
                }
                for (int i = 0; i < clients; i++) {
                    listener.accept().close();
                }
                for (Thread thread : connecting) {
                    thread.join();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        first.join();
        if (failure.get() != null) {
            throw new IllegalStateException("in a virtual thread", failure.get());
        }
        for (String line : lines) {
            System.out.println(line);
        }
        System.out.println("virtual-clients " + clients + " sized " + sized.get());
    }

    private static String line(String name, int receive, int send) {
        return name + " recv=" + receive + " send=" + send;
    }

    /**
     * Prints where file descriptor 2 points ({@code stderr-fd closed}, or the link target: with
     * stderr closed before exec it is the first file the JVM opened), opens the sockets of the
     * {@code socket} scenario, writes to System.err and prints {@code stderr-write-failed true|false}.
     */
    private void stderrTarget() throws Exception {
        java.nio.file.Path fd2 = java.nio.file.Paths.get("/proc/self/fd/2");
        System.out.println("stderr-fd " + (java.nio.file.Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? java.nio.file.Files.readSymbolicLink(fd2) : "closed"));
        socket();
        System.err.println("the probe writes to stderr");
        System.out.println("stderr-write-failed " + System.err.checkError());
    }

    /**
     * First a class named like Netty's epoll channel that is not Netty (the agent's Netty path
     * fails on it), then a listener, a java.net client and its accepted socket, and an NIO client.
     */
    private void fakeNettyThenSocket() throws Exception {
        System.out.println("fake " + new com.example.channel.epoll.EpollSocketChannel("first"));
        ServerSocket listener = keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        Socket client = keep(new Socket());
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("client", client);
        report("accepted", keep(listener.accept()));
        report("nio-client", keep(SocketChannel.open(new InetSocketAddress(LOOPBACK, listener.getLocalPort()))));
        keep(listener.accept());
    }

    /** A set the JDK refuses or accepts, as the application sees it: {@code contract <case> <exception class or ok>}. */
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

    /**
     * What the JDK promises about SO_RCVBUF / SO_SNDBUF sets, which no mode may change: -1 and null
     * refused, a closed channel says so; and the application's own 1 MiB on UDP sockets and
     * Unix-domain channels (JDK 16+) stays. Prints {@code contract ...} lines and the sizes.
     */
    private void applicationContract() throws Exception {
        java.net.SocketOption<Integer> rcvbuf = StandardSocketOptions.SO_RCVBUF;
        java.net.SocketOption<Integer> sndbuf = StandardSocketOptions.SO_SNDBUF;
        SocketChannel channel = keep(SocketChannel.open());
        attempt("channel-rcvbuf-minus-1", () -> channel.setOption(rcvbuf, -1));
        attempt("channel-sndbuf-minus-1", () -> channel.setOption(sndbuf, -1));
        attempt("channel-rcvbuf-null", () -> channel.setOption(rcvbuf, null));
        ServerSocketChannel listener = keep(ServerSocketChannel.open());
        attempt("listener-rcvbuf-minus-1", () -> listener.setOption(rcvbuf, -1));
        SocketChannel closed = SocketChannel.open();
        closed.close();
        attempt("closed-channel-rcvbuf", () -> closed.setOption(rcvbuf, 32768));
        attempt("closed-channel-sndbuf", () -> closed.setOption(sndbuf, 32768));
        ServerSocketChannel closedListener = ServerSocketChannel.open();
        closedListener.close();
        attempt("closed-listener-rcvbuf", () -> closedListener.setOption(rcvbuf, 32768));
        AsynchronousSocketChannel async = keep(AsynchronousSocketChannel.open());
        attempt("async-rcvbuf-minus-1", () -> async.setOption(rcvbuf, -1));
        Socket socket = keep(new Socket());
        attempt("socket-rcvbuf-minus-1", () -> socket.setReceiveBufferSize(-1));
        attempt("socket-option-rcvbuf-minus-1", () -> socket.setOption(rcvbuf, -1));
        attempt("socket-option-rcvbuf-null", () -> socket.setOption(rcvbuf, null));
        Socket closedSocket = new Socket();
        closedSocket.close();
        attempt("closed-socket-option-rcvbuf", () -> closedSocket.setOption(rcvbuf, 32768));

        int mebibyte = 1 << 20;
        DatagramSocket datagram = keep(new DatagramSocket(0, LOOPBACK));
        datagram.setReceiveBufferSize(mebibyte);
        datagram.setSendBufferSize(mebibyte);
        System.out.println("app-datagram-socket recv=" + datagram.getReceiveBufferSize() + " send=" + datagram.getSendBufferSize());
        DatagramChannel datagramChannel = keep(DatagramChannel.open());
        datagramChannel.setOption(rcvbuf, mebibyte);
        datagramChannel.setOption(sndbuf, mebibyte);
        datagramChannel.bind(new InetSocketAddress(LOOPBACK, 0));
        System.out.println("app-datagram-channel recv=" + datagramChannel.getOption(rcvbuf) + " send=" + datagramChannel.getOption(sndbuf));
        ProtocolFamily unix;
        try {
            unix = StandardProtocolFamily.valueOf("UNIX");
        } catch (IllegalArgumentException beforeJdk16) {
            System.out.println("app-unix none before JDK 16");
            return;
        }
        SocketChannel unixChannel = keep((SocketChannel) SocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, unix));
        unixChannel.setOption(rcvbuf, mebibyte);
        unixChannel.setOption(sndbuf, mebibyte);
        unixReport("app-unix-channel", unixChannel);
        ServerSocketChannel unixListener = keep((ServerSocketChannel) ServerSocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, unix));
        unixListener.setOption(rcvbuf, mebibyte);
        unixReport("app-unix-listener", unixListener);
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
