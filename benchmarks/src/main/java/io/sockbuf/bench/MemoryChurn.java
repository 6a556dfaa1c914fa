package io.sockbuf.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * Does the agent keep anything per socket? Opens and closes many loopback connections (default
 * 20,000) and compares the heap that survives a full GC before and after. Run by benchmarks/run.sh
 * with and without the agent; prints one {@code key=value} line per figure for the script to read.
 *
 * <p>Usage: {@code MemoryChurn [connections] [warmupConnections]}
 */
public final class MemoryChurn {

    private MemoryChurn() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;

        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(loopback, 0), 64);
            SocketAddress address = server.getLocalSocketAddress();

            // Warm-up: loads and initialises every class on the path (the agent's included), fills
            // the JDK's own one-time caches, lets the JIT settle, so "before" is a steady state.
            churn(server, address, warmup);
            long heapBefore = retainedHeap();
            long metaspaceBefore = metaspaceUsed();

            long start = System.nanoTime();
            churn(server, address, connections);
            long elapsedNanos = System.nanoTime() - start;

            long heapAfter = retainedHeap();
            long metaspaceAfter = metaspaceUsed();

            System.out.println("connections=" + connections);
            System.out.println("warmup_connections=" + warmup);
            System.out.println("heap_before=" + heapBefore);
            System.out.println("heap_after=" + heapAfter);
            System.out.println("heap_growth=" + (heapAfter - heapBefore));
            System.out.println("metaspace_before=" + metaspaceBefore);
            System.out.println("metaspace_after=" + metaspaceAfter);
            System.out.println("churn_us_per_connection=" + String.format("%.2f", elapsedNanos / 1e3 / connections));
        }
    }

    private static void churn(ServerSocket server, SocketAddress address, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket client = new Socket();
            try {
                client.connect(address, 5_000);
                Socket accepted = server.accept();
                client.close();
                accepted.close();
            } finally {
                client.close();
            }
        }
    }

    /** Heap in use after three full collections with pauses between them: what is really retained. */
    private static long retainedHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Bytes used in the "Metaspace" pool, or -1 if the JVM has no pool of that name. */
    private static long metaspaceUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if ("Metaspace".equals(pool.getName())) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }
}
