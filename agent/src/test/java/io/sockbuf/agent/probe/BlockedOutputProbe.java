package io.sockbuf.agent.probe;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An application whose stderr nobody reads, for NeverBlockIT. It never writes to stderr itself
 * (except under {@code System.err}'s monitor in the deadlock scenario, without printing) and
 * reports on stdout: {@code main ran}, {@code opened N}, {@code done}.
 *
 * <ul>
 *   <li>{@code exit N}: opens N TCP connections and UDP sockets, then {@code System.exit(0)};</li>
 *   <li>{@code wait N}: opens N, prints {@code READY}, then sleeps until the test sends SIGTERM;</li>
 *   <li>{@code deadlock}: thread A holds {@code System.err}'s monitor and waits for lock L, thread
 *       B holds L and opens a socket: only an agent that writes through System.err deadlocks them;</li>
 *   <li>{@code fill-stderr}: a thread writes to System.err until the pipe is full (and then blocks,
 *       holding System.err's monitor), then main prints {@code READY} and sleeps: a target for attach;</li>
 *   <li>{@code main}: prints {@code main ran} and returns.</li>
 * </ul>
 */
public final class BlockedOutputProbe {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        System.out.println("main ran");
        System.out.flush();
        switch (args[0]) {
            case "exit":
                openSockets(Integer.parseInt(args[1]));
                System.exit(0);
                break;
            case "wait":
                openSockets(Integer.parseInt(args[1]));
                System.out.println("READY");
                System.out.flush();
                Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                break;
            case "deadlock":
                deadlock();
                break;
            case "fill-stderr":
                fillStderr();
                System.out.println("READY");
                System.out.flush();
                Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                break;
            case "main":
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void openSockets(int count) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 0; i < count; i++) {
                try (Socket client = new Socket(LOOPBACK, listener.getLocalPort());
                     Socket accepted = listener.accept();
                     DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                    client.getReceiveBufferSize();
                }
            }
        }
        System.out.println("opened " + count);
        System.out.flush();
    }

    private static void deadlock() throws Exception {
        ReentrantLock lockL = new ReentrantLock();
        CountDownLatch aHoldsStderr = new CountDownLatch(1);
        CountDownLatch bHoldsL = new CountDownLatch(1);
        Thread a = new Thread(() -> {
            synchronized (System.err) {
                aHoldsStderr.countDown();
                await(bHoldsL);
                lockL.lock();
                lockL.unlock();
            }
        }, "holds-System.err");
        Thread b = new Thread(() -> {
            await(aHoldsStderr);
            lockL.lock();
            try {
                bHoldsL.countDown();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                     Socket unconnected = new Socket()) {
                    udp.getReceiveBufferSize();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } finally {
                lockL.unlock();
            }
        }, "holds-L-opens-sockets");
        a.start();
        b.start();
        a.join();
        b.join();
        System.out.println("done");
        System.out.flush();
    }

    /** Returns once a writer thread has been stuck in System.err for a while: the pipe is full. */
    private static void fillStderr() throws InterruptedException {
        long[] written = new long[1];
        Thread filler = new Thread(() -> {
            byte[] line = new byte[1024];
            java.util.Arrays.fill(line, (byte) 'x');
            while (true) {
                System.err.write(line, 0, line.length);
                written[0]++;
            }
        }, "fills-stderr");
        filler.setDaemon(true);
        filler.start();
        long last = -1;
        while (written[0] != last || written[0] == 0) {
            last = written[0];
            Thread.sleep(500);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
