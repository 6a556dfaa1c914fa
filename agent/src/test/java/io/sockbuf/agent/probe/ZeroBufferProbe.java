package io.sockbuf.agent.probe;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The application sets SO_RCVBUF to 0 through each API: prints {@code <api> ok <getsockopt>} or
 * {@code <api> <exception class>}. The JDK refuses 0 in some (IllegalArgumentException, JDK 11's
 * SocketException) and takes it in others (Linux raises it to its minimum).
 */
public final class ZeroBufferProbe {

    interface Set {
        int run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        try (Socket socket = new Socket()) {
            report("Socket.setReceiveBufferSize", () -> {
                socket.setReceiveBufferSize(0);
                return socket.getReceiveBufferSize();
            });
            report("Socket.setOption", () -> {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, 0);
                return socket.getReceiveBufferSize();
            });
        }
        try (ServerSocket listener = new ServerSocket()) {
            report("ServerSocket.setReceiveBufferSize", () -> {
                listener.setReceiveBufferSize(0);
                return listener.getReceiveBufferSize();
            });
        }
        try (SocketChannel channel = SocketChannel.open()) {
            report("SocketChannel.setOption", () -> {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 0);
                return channel.getOption(StandardSocketOptions.SO_RCVBUF);
            });
            report("SocketChannel.socket().setReceiveBufferSize", () -> {
                channel.socket().setReceiveBufferSize(0);
                return channel.getOption(StandardSocketOptions.SO_RCVBUF);
            });
        }
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            report("ServerSocketChannel.setOption", () -> {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 0);
                return channel.getOption(StandardSocketOptions.SO_RCVBUF);
            });
        }
        // sets every JDK refuses
        try (Socket socket = new Socket(); SocketChannel channel = SocketChannel.open()) {
            report("Socket.setOption(-5)", () -> {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, -5);
                return socket.getReceiveBufferSize();
            });
            report("Socket.setOption(null)", () -> {
                socket.setOption(StandardSocketOptions.SO_SNDBUF, null);
                return socket.getSendBufferSize();
            });
            report("SocketChannel.setOption(-5)", () -> {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, -5);
                return channel.getOption(StandardSocketOptions.SO_SNDBUF);
            });
        }
        SocketChannel closed = SocketChannel.open();
        closed.close();
        report("closed-SocketChannel.setOption", () -> {
            closed.setOption(StandardSocketOptions.SO_RCVBUF, 32768);
            return 0;
        });
    }

    private static void report(String api, Set set) {
        try {
            System.out.println(api + " ok " + set.run());
        } catch (Exception e) {
            System.out.println(api + " " + e.getClass().getName());
        }
    }
}
