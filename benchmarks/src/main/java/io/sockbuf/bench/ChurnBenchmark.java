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
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Many threads opening sockets at once: 64 threads, each with its own loopback listener, each
 * operation one NIO TCP connect+accept+close followed by one UDP DatagramChannel open+close
 * (three sized TCP sockets' worth of work and one UDP). Throughput, operations per ms, summed over
 * the threads: shows contention on anything the agent shares between threads (counters, flags,
 * the log), which the single-threaded ConnectionBenchmark cannot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(64)
public class ChurnBenchmark {

    private ServerSocketChannel server;
    private SocketAddress address;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = ServerSocketChannel.open();
        if (ConnectionBenchmark.APP_RECV > 0) {
            server.setOption(StandardSocketOptions.SO_RCVBUF, ConnectionBenchmark.APP_RECV);
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        address = server.getLocalAddress();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
    }

    @Benchmark
    public int mixedTcpUdp() throws IOException {
        int result;
        int recv = ConnectionBenchmark.APP_RECV;
        int send = ConnectionBenchmark.APP_SEND;
        SocketChannel client = recv > 0 ? SocketChannel.open() : SocketChannel.open(address);
        try {
            if (recv > 0) { // baselines.sh's "app-sets": the sizes set by the benchmark itself, see ConnectionBenchmark
                client.setOption(StandardSocketOptions.SO_RCVBUF, recv);
                client.setOption(StandardSocketOptions.SO_SNDBUF, send);
                client.connect(address);
            }
            SocketChannel accepted = server.accept();
            if (send > 0) {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, send);
            }
            result = accepted.hashCode();
            client.close();
            accepted.close();
        } finally {
            client.close();
        }
        DatagramChannel udp = DatagramChannel.open();
        if (recv > 0) {
            udp.setOption(StandardSocketOptions.SO_RCVBUF, recv);
            udp.setOption(StandardSocketOptions.SO_SNDBUF, send);
        }
        result ^= udp.hashCode();
        udp.close();
        return result;
    }
}
