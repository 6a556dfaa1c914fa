package io.sockbuf.agent.probe.scenario;

import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/**
 * Unix-domain channels (JDK 16+, reached through reflection as this code is compiled for 11):
 * a listener, a client, the accepted channel and a message between them; then one TCP
 * connection, so the exit summary's TCP counts show whether the Unix channels were counted.
 * The Unix channels' sizes are printed as {@code unix-* recv=R send=S} (what the JDK chose).
 */
final class UnixDomain {

    private UnixDomain() {
    }

    static void open(Sockets sockets) throws Exception {
        ProtocolFamily unix = StandardProtocolFamily.valueOf("UNIX");
        Path directory = Files.createTempDirectory("sockbuf-probe");
        Path path = directory.resolve("probe.sock");
        SocketAddress address = (SocketAddress) Class.forName("java.net.UnixDomainSocketAddress")
                .getMethod("of", Path.class).invoke(null, path);
        ServerSocketChannel listener = sockets.keep(listener(unix));
        listener.bind(address);
        SocketChannel client = sockets.keep(channel(unix));
        client.connect(address);
        SocketChannel accepted = sockets.keep(listener.accept());
        SocketChannel openedAtAddress = sockets.keep(SocketChannel.open(address));
        sockets.keep(listener.accept());
        client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        ByteBuffer received = ByteBuffer.allocate(4);
        while (received.hasRemaining() && accepted.read(received) >= 0) {
            // a Unix-domain stream may deliver the four bytes in parts
        }
        System.out.println("unix-message " + new String(received.array(), StandardCharsets.UTF_8));
        Sockets.reportSizes("unix-listener", listener);
        Sockets.reportSizes("unix-client", client);
        Sockets.reportSizes("unix-accepted", accepted);
        Sockets.reportSizes("unix-open-address", openedAtAddress);
        sockets.keep(() -> {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        });

        ServerSocket tcpListener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        report("tcp-listener", tcpListener);
        report("tcp-client", sockets.keep(new java.net.Socket(LOOPBACK, tcpListener.getLocalPort())));
        report("tcp-accepted", sockets.keep(tcpListener.accept()));
    }

    /** {@code SocketChannel.open(ProtocolFamily)}, JDK 15+. */
    static SocketChannel channel(ProtocolFamily family) throws Exception {
        return (SocketChannel) SocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, family);
    }

    /** {@code ServerSocketChannel.open(ProtocolFamily)}, JDK 15+. */
    static ServerSocketChannel listener(ProtocolFamily family) throws Exception {
        return (ServerSocketChannel) ServerSocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, family);
    }
}
