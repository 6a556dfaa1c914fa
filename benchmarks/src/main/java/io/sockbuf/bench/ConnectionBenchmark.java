package io.sockbuf.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Per-socket cost of the agent: everything here opens sockets in a loop, on loopback only.
 *
 * <p>The agent is not on this jar's class path. benchmarks/run.sh runs the same jar twice, once
 * plain and once with {@code -jvmArgsAppend "-javaagent:... -Dsockbuf.recv=8192 -Dsockbuf.send=8192"},
 * and compares the scores. The listeners are created once per trial in {@link #setUp()}, so each
 * operation is exactly: one client socket connects, the listener accepts it, both are closed (TCP),
 * or one datagram socket is opened and closed (UDP).
 *
 * <p>The client is closed first, so TIME_WAIT sits on the client's ephemeral port; Linux reuses
 * those for loopback connects (net.ipv4.tcp_tw_reuse=2, the default), so the loop does not run out
 * of ports.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConnectionBenchmark {

    private static final int BACKLOG = 64;
    /**
     * The "app-sets" configuration of baselines.sh (no agent): the benchmark sets the sizes itself,
     * through the same JDK calls the agent makes (client: both before connect; listener: receive
     * before bind; accepted: send; UDP: both), the floor of any agent that works through the JDK's
     * API. 0 (the other configurations): nothing is set.
     */
    static final int APP_RECV = Integer.getInteger("bench.appRecv", 0);
    static final int APP_SEND = Integer.getInteger("bench.appSend", 0);

    private InetAddress loopback;
    private ServerSocket server;
    private SocketAddress serverAddress;
    private ServerSocketChannel serverChannel;
    private SocketAddress serverChannelAddress;
    private InetSocketAddress udpBindAddress;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        loopback = InetAddress.getLoopbackAddress();
        server = new ServerSocket();
        if (APP_RECV > 0) {
            server.setReceiveBufferSize(APP_RECV);
        }
        server.bind(new InetSocketAddress(loopback, 0), BACKLOG);
        serverAddress = server.getLocalSocketAddress();

        serverChannel = ServerSocketChannel.open();
        if (APP_RECV > 0) {
            serverChannel.setOption(StandardSocketOptions.SO_RCVBUF, APP_RECV);
        }
        serverChannel.bind(new InetSocketAddress(loopback, 0), BACKLOG);
        serverChannelAddress = serverChannel.getLocalAddress();

        udpBindAddress = new InetSocketAddress(loopback, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
        serverChannel.close();
    }

    /** java.net: new Socket + connect, ServerSocket.accept, close both. */
    @Benchmark
    public int socketConnectAcceptClose() throws IOException {
        Socket client = new Socket();
        try {
            if (APP_RECV > 0) {
                client.setReceiveBufferSize(APP_RECV);
                client.setSendBufferSize(APP_SEND);
            }
            client.connect(serverAddress);
            Socket accepted = server.accept();
            if (APP_SEND > 0) {
                accepted.setSendBufferSize(APP_SEND);
            }
            int port = accepted.getPort();
            client.close();
            accepted.close();
            return port;
        } finally {
            client.close();
        }
    }

    /** java.nio: SocketChannel.open(address) (blocking connect), ServerSocketChannel.accept, close both. */
    @Benchmark
    public int channelConnectAcceptClose() throws IOException {
        SocketChannel client = APP_RECV > 0 ? SocketChannel.open() : SocketChannel.open(serverChannelAddress);
        try {
            if (APP_RECV > 0) {
                client.setOption(StandardSocketOptions.SO_RCVBUF, APP_RECV);
                client.setOption(StandardSocketOptions.SO_SNDBUF, APP_SEND);
                client.connect(serverChannelAddress);
            }
            SocketChannel accepted = serverChannel.accept();
            if (APP_SEND > 0) {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, APP_SEND);
            }
            int hash = accepted.hashCode();
            client.close();
            accepted.close();
            return hash;
        } finally {
            client.close();
        }
    }

    /** java.net UDP: new DatagramSocket bound to an ephemeral loopback port, close. */
    @Benchmark
    public int datagramSocketOpenClose() throws IOException {
        DatagramSocket socket;
        if (APP_RECV > 0) {
            socket = new DatagramSocket(null);
            socket.setReceiveBufferSize(APP_RECV);
            socket.setSendBufferSize(APP_SEND);
            socket.bind(udpBindAddress);
        } else {
            socket = new DatagramSocket(udpBindAddress);
        }
        int port = socket.getLocalPort();
        socket.close();
        return port;
    }

    /** java.nio UDP: DatagramChannel.open (unbound), close. */
    @Benchmark
    public int datagramChannelOpenClose() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        if (APP_RECV > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, APP_RECV);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, APP_SEND);
        }
        int hash = channel.hashCode();
        channel.close();
        return hash;
    }
}
