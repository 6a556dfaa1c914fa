package io.sockbuf.demo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens, with the plain JDK, a listener, a client connection to it, the accepted socket, an NIO
 * pair and a UDP socket on loopback; prints what getsockopt reports for each, the TCP window scale
 * the kernel chose for the client connection (from {@code ss}), net.core.rmem_max, and the
 * {@code doctor} command to run against this process. It knows nothing of the agent: run it with
 * and without, the difference is the point of sockbuf.
 *
 * <p>The connections stay open until Enter when stdin is a terminal (end of input ends it too);
 * {@code --hold} keeps them open until the process is ended (Ctrl-C, kill), for scripts; otherwise
 * (stdin not a terminal, no {@code --hold}) it exits at once, so a script never hangs on it.
 */
public final class DemoApp {

    private final List<Closeable> open = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        boolean hold = false;
        for (String arg : args) {
            if (arg.equals("--hold")) {
                hold = true;
            } else {
                System.err.println("usage: java [-javaagent:sockbuf-agent.jar ...] -jar sockbuf-demo.jar [--hold]");
                System.exit(2);
            }
        }
        DemoApp demo = new DemoApp();
        try {
            demo.run(hold);
        } finally {
            demo.closeAll();
        }
    }

    private void run(boolean hold) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        System.out.printf("%-22s %10s %10s%n", "socket", "SO_RCVBUF", "SO_SNDBUF");

        ServerSocket listener = keep(new ServerSocket(0, 50, loopback));
        Socket client = keep(new Socket(loopback, listener.getLocalPort()));
        Socket accepted = keep(listener.accept());
        print("ServerSocket listener", listener.getReceiveBufferSize(), -1);
        print("Socket client", client.getReceiveBufferSize(), client.getSendBufferSize());
        print("Socket accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize());

        ServerSocketChannel nioListener = keep(ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0)));
        SocketChannel nioClient = keep(SocketChannel.open(nioListener.getLocalAddress()));
        SocketChannel nioAccepted = keep(nioListener.accept());
        print("NIO listener", nioListener.getOption(StandardSocketOptions.SO_RCVBUF), -1);
        print("NIO client", nioClient);
        print("NIO accepted", nioAccepted);

        DatagramSocket udp = keep(new DatagramSocket(0, loopback));
        print("DatagramSocket", udp.getReceiveBufferSize(), udp.getSendBufferSize());

        System.out.println();
        System.out.println(WindowScale.describe(client.getLocalPort(), listener.getLocalPort()));
        System.out.println(KernelCeiling.describe(udp.getReceiveBufferSize()));
        System.out.println();
        long pid = ProcessHandle.current().pid();
        System.out.println("Is it helping? While this runs, in another terminal:");
        System.out.println("  java -jar agent/target/sockbuf-agent.jar doctor " + pid);
        System.out.println("  java -jar agent/target/sockbuf-agent.jar status " + pid + "    (only with the agent)");
        System.out.flush();
        waitBeforeClosing(hold);
    }

    private static void waitBeforeClosing(boolean hold) throws Exception {
        if (hold) {
            System.out.println("--hold: the connections stay open until this process is ended (Ctrl-C).");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } else if (Terminal.isStdin()) {
            System.out.println("Press Enter to close the connections and exit.");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } else {
            System.out.println("stdin is not a terminal: closing now (--hold keeps the connections open).");
        }
    }

    private <T extends Closeable> T keep(T socket) {
        open.add(socket);
        return socket;
    }

    private void closeAll() {
        for (Closeable socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing at exit
            }
        }
    }

    private static void print(String name, NetworkChannel channel) throws IOException {
        print(name, channel.getOption(StandardSocketOptions.SO_RCVBUF), channel.getOption(StandardSocketOptions.SO_SNDBUF));
    }

    private static void print(String name, int receive, int send) {
        System.out.printf("%-22s %10d %10s%n", name, receive, send < 0 ? "n/a" : Integer.toString(send));
    }
}
