package io.sockbuf.agent.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Many sockets that are only counted: {@link #CYCLES} NIO connect/accept/close cycles on one
 * listener and as many UDP channels opened and closed, then one last pair whose sizes it prints
 * ({@code last-client recv=R send=S}, {@code last-accepted ...}, {@code last-udp ...}) as getsockopt
 * sees them, and one java.net connection on a listener of its own ({@code last-socket-client},
 * {@code last-socket-accepted}). Past the first 1,024 sockets (given both sizes) the agent sets a
 * new channel's or java.net impl's sizes below its setOption (sizing.NativeBufferWriter), so the
 * last ones are sized that way.
 */
public final class CountedCycles {

    public static final int CYCLES = 3000;
    /** The NIO cycles and the java.net connection. */
    public static final int CLIENTS = CYCLES + 1;
    public static final int LISTENERS = 2;

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(loopback, 0));
            for (int i = 0; i < CYCLES - 1; i++) {
                try (SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
                    if (accepted == null) {
                        throw new IllegalStateException("no connection accepted");
                    }
                }
            }
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
                print("last-client", client);
                print("last-accepted", accepted);
            }
        }
        for (int i = 0; i < CYCLES - 1; i++) {
            DatagramChannel.open().close();
        }
        try (DatagramChannel udp = DatagramChannel.open()) {
            print("last-udp", udp);
        }
        try (ServerSocket server = new ServerSocket(0, 50, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            print("last-socket-client", client.getReceiveBufferSize(), client.getSendBufferSize());
            print("last-socket-accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize());
        }
        System.out.println("below-setOption " + belowSetOption());
        System.out.println("done");
    }

    /**
     * Whether the agent (boot loader) looked the native call below setOption up and found it: a
     * white-box look, the kernel cannot tell. Reads the flag the lookup sets, not the holder
     * class, whose first touch would run the lookup itself.
     */
    private static boolean belowSetOption() {
        try {
            java.lang.reflect.Field found = Class.forName("io.sockbuf.agent.sizing.NativeBufferWriter", false, null)
                    .getDeclaredField("found");
            found.setAccessible(true);
            return found.getBoolean(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static void print(String name, java.nio.channels.NetworkChannel channel) throws Exception {
        print(name, channel.getOption(java.net.StandardSocketOptions.SO_RCVBUF), channel.getOption(java.net.StandardSocketOptions.SO_SNDBUF));
    }

    private static void print(String name, int recv, int send) {
        System.out.println(name + " recv=" + recv + " send=" + send);
    }
}
