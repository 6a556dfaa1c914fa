package io.sockbuf.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * HelloOneConnection through NIO channels, the way NIO servers (Netty, Undertow, Jetty) make their
 * sockets: the first ServerSocketChannel of a JVM is where the agent sets up its way to a channel
 * listener's descriptor (sizing.ListenerChannelCall), which a java.net listener does
 * not need. One listener, one client, one accepted channel, one byte each way, then "hello".
 */
public final class NioHelloOneConnection {

    private NioHelloOneConnection() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(loopback, 0), 1);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                ByteBuffer one = ByteBuffer.allocate(1);
                client.write(ByteBuffer.wrap(new byte[] {42}));
                while (one.hasRemaining() && accepted.read(one) >= 0) {
                    // one byte
                }
                one.flip();
                accepted.write(one);
                ByteBuffer echoed = ByteBuffer.allocate(1);
                while (echoed.hasRemaining() && client.read(echoed) >= 0) {
                    // one byte back
                }
                if (one.get(0) != 42 || echoed.get(0) != 42) {
                    throw new IllegalStateException("loopback byte mismatch");
                }
            }
        }
        System.out.println("hello");
    }
}
