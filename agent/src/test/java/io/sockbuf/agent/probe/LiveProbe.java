package io.sockbuf.agent.probe;

import io.sockbuf.agent.probe.scenario.Measured;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running application for the attach, status and JMX tests: plain JDK code that knows nothing of
 * the agent. Prints {@code READY}, then follows commands on stdin, each answered by lines ending
 * with {@code DONE}:
 * <ul>
 *   <li>{@code open NAME}: opens a listener, a client connected to it, the accepted socket and an
 *       NIO client, keeps them open and prints {@code NAME-listener|client|accepted|nio-client recv=R send=S}
 *       as getsockopt reports them;</li>
 *   <li>{@code report NAME}: prints the same for the sockets opened by {@code open NAME}, as they are now;</li>
 *   <li>{@code prepare NAME}: opens a listener and, not yet connected, a java.net client, an NIO
 *       client and a java.net client that sets SO_RCVBUF/SO_SNDBUF=32768 itself;</li>
 *   <li>{@code connect NAME}: connects those and prints {@code NAME-late-client|late-nio-client|late-app-sized recv=R send=S},
 *       and {@code NAME-late-listener|late-accepted} for the listener and the socket it accepted for the first client;</li>
 *   <li>{@code quit} (or end of stdin): closes everything and exits.</li>
 * </ul>
 */
public final class LiveProbe {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final Map<String, List<Object>> opened = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        LiveProbe probe = new LiveProbe();
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] command = line.trim().split(" ");
            if (command[0].equals("open")) {
                probe.open(command[1]);
            } else if (command[0].equals("report")) {
                probe.report(command[1]);
            } else if (command[0].equals("prepare")) {
                probe.prepare(command[1]);
            } else if (command[0].equals("connect")) {
                probe.connect(command[1]);
            } else {
                System.out.println("unknown command " + line);
            }
            System.out.println("DONE");
            System.out.flush();
        }
        for (List<Object> sockets : probe.opened.values()) {
            for (Object socket : sockets) {
                ((AutoCloseable) socket).close();
            }
        }
    }

    private void open(String name) throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, LOOPBACK);
        Socket client = new Socket();
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        Socket accepted = listener.accept();
        SocketChannel nioClient = SocketChannel.open(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        Socket nioAccepted = listener.accept();
        List<Object> sockets = new ArrayList<>();
        sockets.add(listener);
        sockets.add(client);
        sockets.add(accepted);
        sockets.add(nioClient);
        sockets.add(nioAccepted);
        opened.put(name, sockets);
        report(name);
    }

    private void prepare(String name) throws Exception {
        List<Object> sockets = new ArrayList<>();
        sockets.add(new ServerSocket(0, 50, LOOPBACK));
        sockets.add(new Socket());
        sockets.add(SocketChannel.open());
        Socket appSized = new Socket();
        appSized.setReceiveBufferSize(32768);
        appSized.setSendBufferSize(32768);
        sockets.add(appSized);
        opened.put(name, sockets);
    }

    private void connect(String name) throws Exception {
        List<Object> sockets = opened.get(name);
        ServerSocket listener = (ServerSocket) sockets.get(0);
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, listener.getLocalPort());
        Socket client = (Socket) sockets.get(1);
        SocketChannel nioClient = (SocketChannel) sockets.get(2);
        Socket appSized = (Socket) sockets.get(3);
        client.connect(address);
        sockets.add(listener.accept());
        nioClient.connect(address);
        sockets.add(listener.accept());
        appSized.connect(address);
        sockets.add(listener.accept());
        Measured.sizes(name + "-late-client", client.getReceiveBufferSize(), client.getSendBufferSize()).print();
        Measured.sizes(name + "-late-nio-client", nioClient.getOption(StandardSocketOptions.SO_RCVBUF),
                nioClient.getOption(StandardSocketOptions.SO_SNDBUF)).print();
        Measured.sizes(name + "-late-app-sized", appSized.getReceiveBufferSize(), appSized.getSendBufferSize()).print();
        Socket accepted = (Socket) sockets.get(4);
        Measured.sizes(name + "-late-listener", listener.getReceiveBufferSize(), 0).print();
        Measured.sizes(name + "-late-accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize()).print();
    }

    private void report(String name) throws Exception {
        List<Object> sockets = opened.get(name);
        ServerSocket listener = (ServerSocket) sockets.get(0);
        Socket client = (Socket) sockets.get(1);
        Socket accepted = (Socket) sockets.get(2);
        SocketChannel nioClient = (SocketChannel) sockets.get(3);
        Measured.sizes(name + "-listener", listener.getReceiveBufferSize(), 0).print();
        Measured.sizes(name + "-client", client.getReceiveBufferSize(), client.getSendBufferSize()).print();
        Measured.sizes(name + "-accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize()).print();
        Measured.sizes(name + "-nio-client", nioClient.getOption(StandardSocketOptions.SO_RCVBUF),
                nioClient.getOption(StandardSocketOptions.SO_SNDBUF)).print();
    }
}
