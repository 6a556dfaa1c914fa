package io.sockbuf.bench;

import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CountDownLatch;

/**
 * ChurnBenchmark's work in plain loops, for benchmarks/floor.sh: {@code ChurnLoop KIND N} with KIND
 * {@code mixed} or {@code mixed-sets} (the application sets the sizes itself, 8192). 64 threads,
 * each with its own loopback listener, each doing N operations of one NIO connect+accept+close and
 * one DatagramChannel open+close, all started together. One warm-up loop, then three; prints the
 * fastest loop's wall time per operation in ns (all threads' operations counted). Runs to a count.
 */
public final class ChurnLoop {

    private static final int THREADS = 64;
    private static final int SIZE = 8192;

    public static void main(String[] args) throws Exception {
        boolean sets = args[0].endsWith("-sets");
        int n = Integer.parseInt(args[1]);
        loop(sets, n / 2);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            best = Math.min(best, loop(sets, n));
        }
        System.out.println(best / ((long) n * THREADS));
    }

    private static long loop(boolean sets, int n) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[THREADS];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                try (TcpConnectAccept.Channels connections = new TcpConnectAccept.Channels(sets)) {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < n; i++) {
                        connections.one();
                        udp(sets);
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    ready.countDown();
                }
            });
            threads[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long took = System.nanoTime() - start;
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        return took;
    }

    private static void udp(boolean sets) throws Exception {
        DatagramChannel udp = DatagramChannel.open();
        if (sets) {
            udp.setOption(StandardSocketOptions.SO_RCVBUF, SIZE);
            udp.setOption(StandardSocketOptions.SO_SNDBUF, SIZE);
        }
        udp.close();
    }
}
