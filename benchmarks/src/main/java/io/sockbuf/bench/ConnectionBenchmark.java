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
        server.bind(new InetSocketAddress(loopback, 0), BACKLOG);
        serverAddress = server.getLocalSocketAddress();

        serverChannel = ServerSocketChannel.open();
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
            client.connect(serverAddress);
            Socket accepted = server.accept();
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
        SocketChannel client = SocketChannel.open(serverChannelAddress);
        try {
            SocketChannel accepted = serverChannel.accept();
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
        DatagramSocket socket = new DatagramSocket(udpBindAddress);
        int port = socket.getLocalPort();
        socket.close();
        return port;
    }

    /** java.nio UDP: DatagramChannel.open (unbound), close. */
    @Benchmark
    public int datagramChannelOpenClose() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        int hash = channel.hashCode();
        channel.close();
        return hash;
    }
}
