package io.sockbuf.agent.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Many sockets that are only counted: {@link #CYCLES} NIO connect/accept/close cycles on one
 * listener and as many UDP channels opened and closed, then one last pair whose sizes it prints
 * ({@code last-client recv=R send=S}, {@code last-accepted ...}) as getsockopt sees them.
 */
public final class CountedCycles {

    public static final int CYCLES = 3000;

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
        for (int i = 0; i < CYCLES; i++) {
            DatagramChannel.open().close();
        }
        System.out.println("done");
    }

    private static void print(String name, SocketChannel channel) throws Exception {
        System.out.println(name + " recv=" + channel.getOption(java.net.StandardSocketOptions.SO_RCVBUF)
                + " send=" + channel.getOption(java.net.StandardSocketOptions.SO_SNDBUF));
    }
}
