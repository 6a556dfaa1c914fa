package io.sockbuf.bench;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Evidence for issue 14: does an accepted TCP socket inherit an SO_SNDBUF set on its listener's
 * descriptor (Linux)? Sets 8192 on an NIO listener (through {@code sun.nio.ch.Net}: a
 * ServerSocketChannel refuses the option) and on a java.net listener (its impl takes the int-form
 * option), accepts one loopback connection on each and on a control listener without it, and prints
 * what the accepted sockets report and {@code ss -tnm} for both ends. Run without the agent:
 *
 * <pre>
 * java --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
 *      -cp benchmarks/target/classes io.sockbuf.bench.ListenerSendBufferProbe
 * </pre>
 */
public final class ListenerSendBufferProbe {

    private static final int SIZE = 8192;

    private ListenerSendBufferProbe() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();

        ServerSocketChannel nio = ServerSocketChannel.open();
        nio.setOption(StandardSocketOptions.SO_RCVBUF, SIZE);
        Method getFd = nio.getClass().getMethod("getFD");
        getFd.setAccessible(true);
        setSendBufferThroughNet((FileDescriptor) getFd.invoke(nio), SIZE);
        nio.bind(new InetSocketAddress(loopback, 0));
        int nioPort = ((InetSocketAddress) nio.getLocalAddress()).getPort();
        SocketChannel nioClient = SocketChannel.open(new InetSocketAddress(loopback, nioPort));
        SocketChannel nioAccepted = nio.accept();

        ServerSocket net = new ServerSocket();
        net.setReceiveBufferSize(SIZE);
        Method getImpl = ServerSocket.class.getDeclaredMethod("getImpl");
        getImpl.setAccessible(true);
        SocketOptions impl = (SocketOptions) getImpl.invoke(net);
        impl.setOption(SocketOptions.SO_SNDBUF, SIZE);
        net.bind(new InetSocketAddress(loopback, 0));
        int netPort = net.getLocalPort();
        Socket netClient = new Socket(loopback, netPort);
        Socket netAccepted = net.accept();

        ServerSocketChannel control = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
        int controlPort = ((InetSocketAddress) control.getLocalAddress()).getPort();
        SocketChannel controlClient = SocketChannel.open(new InetSocketAddress(loopback, controlPort));
        SocketChannel controlAccepted = control.accept();

        System.out.println("java " + System.getProperty("java.version") + " (java.net impl " + impl.getClass().getName() + ")");
        System.out.println("nio listener, SO_SNDBUF " + SIZE + " on its descriptor, port " + nioPort + ": accepted reports SO_SNDBUF="
                + nioAccepted.getOption(StandardSocketOptions.SO_SNDBUF) + " SO_RCVBUF=" + nioAccepted.getOption(StandardSocketOptions.SO_RCVBUF));
        System.out.println("java.net listener, SO_SNDBUF " + SIZE + " on its impl, port " + netPort + ": accepted reports send="
                + netAccepted.getSendBufferSize() + " receive=" + netAccepted.getReceiveBufferSize());
        System.out.println("control listener, nothing set, port " + controlPort + ": accepted reports SO_SNDBUF="
                + controlAccepted.getOption(StandardSocketOptions.SO_SNDBUF));
        for (int port : new int[] {nioPort, netPort, controlPort}) {
            Process ss = new ProcessBuilder("ss", "-tnmHa", "( sport = :" + port + " )").redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(ss.getInputStream()))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println("  ss sport " + port + ": " + line.trim().replaceAll("\\s+", " "));
                }
            }
            ss.waitFor();
        }
        for (AutoCloseable open : new AutoCloseable[] {nioClient, nioAccepted, nio, netClient, netAccepted, net, controlClient, controlAccepted, control}) {
            open.close();
        }
    }

    /** {@code Net.setSocketOption(fd, SO_SNDBUF, n)} (JDK 17+) or {@code (fd, Net.UNSPEC, SO_SNDBUF, n)} (JDK 11). */
    private static void setSendBufferThroughNet(FileDescriptor fd, int bytes) throws Exception {
        Class<?> netClass = Class.forName("sun.nio.ch.Net");
        Field unspec = netClass.getDeclaredField("UNSPEC");
        unspec.setAccessible(true);
        for (Method method : netClass.getDeclaredMethods()) {
            Class<?>[] types = method.getParameterTypes();
            if (!method.getName().equals("setSocketOption") || types.length == 0 || types[0] != FileDescriptor.class) {
                continue;
            }
            method.setAccessible(true);
            if (types.length == 3) {
                method.invoke(null, fd, StandardSocketOptions.SO_SNDBUF, bytes);
                return;
            }
            if (types.length == 4) {
                method.invoke(null, fd, unspec.get(null), StandardSocketOptions.SO_SNDBUF, bytes);
                return;
            }
        }
        throw new IllegalStateException("no sun.nio.ch.Net.setSocketOption(FileDescriptor, ...) on this JDK");
    }
}
