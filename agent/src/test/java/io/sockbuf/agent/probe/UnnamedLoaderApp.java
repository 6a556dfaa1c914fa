package io.sockbuf.agent.probe;

import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Sets SO_RCVBUF to the same size from two lines (java.net and NIO); see {@link UnnamedLoaderLauncher}. */
public final class UnnamedLoaderApp {

    /** The lines of the two sets, for the test to compare with the reported call sites. */
    public static final int FIRST_LINE = 16;
    public static final int SECOND_LINE = 19;

    public static void run() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32768);
        }
        try (SocketChannel channel = SocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 32768);
        }
        System.out.println("set twice");
    }
}
