package io.sockbuf.demo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Opens, with the plain JDK, a listener, a client connection to it, the accepted socket, an NIO
 * pair and a UDP socket on loopback, and prints what getsockopt reports for each. Run it with and
 * without the agent: the difference is the point of sockbuf.
 */
public final class DemoApp {

    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        System.out.printf("%-22s %10s %10s%n", "socket", "SO_RCVBUF", "SO_SNDBUF");

        try (ServerSocket listener = new ServerSocket(0, 50, loopback);
             Socket client = new Socket(loopback, listener.getLocalPort());
             Socket accepted = listener.accept()) {
            print("ServerSocket listener", listener.getReceiveBufferSize(), -1);
            print("Socket client", client.getReceiveBufferSize(), client.getSendBufferSize());
            print("Socket accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize());
        }

        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            print("NIO listener", listener.getOption(StandardSocketOptions.SO_RCVBUF), -1);
            print("NIO client", client);
            print("NIO accepted", accepted);
        }

        try (DatagramSocket udp = new DatagramSocket(0, loopback)) {
            print("DatagramSocket", udp.getReceiveBufferSize(), udp.getSendBufferSize());
        }
    }

    private static void print(String name, NetworkChannel channel) throws IOException {
        print(name, channel.getOption(StandardSocketOptions.SO_RCVBUF), channel.getOption(StandardSocketOptions.SO_SNDBUF));
    }

    private static void print(String name, int receive, int send) {
        System.out.printf("%-22s %10d %10s%n", name, receive, send < 0 ? "n/a" : Integer.toString(send));
    }
}
