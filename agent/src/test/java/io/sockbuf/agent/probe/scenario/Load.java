package io.sockbuf.agent.probe.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code load} scenario of {@link io.sockbuf.agent.probe.SocketProbe}: {@code -Dprobe.threads} threads (64) open,
 * use and close sockets of every kind on loopback until they have opened {@code -Dprobe.sockets}
 * sockets (no limit by default) or {@code -Dprobe.millis} (8000) have passed, whichever comes
 * first, while one more thread keeps defining throwaway classes through fresh class loaders (so
 * the agent's transformer sees class loading all the time). A count, not a duration, makes the
 * run's verdicts independent of the machine's speed; the time is only a cap. It counts exactly the
 * sockets it opened, per kind as the agent's exit summary names them, and prints
 * {@code load <what> <value>} lines:
 * <ul>
 *   <li>{@code opened}: {@code <sockets> sockets in <ms> ms, stopped by count|time};</li>
 *   <li>{@code tcp-client}, {@code tcp-listener}, {@code tcp-accepted}, {@code udp}: sockets opened;</li>
 *   <li>{@code errors}: exceptions in any worker (the first few are printed as {@code load-error});</li>
 *   <li>{@code unsized}: sockets whose getsockopt differs from {@code -Dprobe.expect.recv} /
 *       {@code -Dprobe.expect.send} (only checked when those are given);</li>
 *   <li>{@code heap-before} / {@code heap-after}: used heap after three full GCs, after a warm-up
 *       round and after the load;</li>
 *   <li>{@code stuck}: worker threads still running 30 s after the end (with their stacks as
 *       {@code load-stuck}); {@code deadlocked}: threads the JVM finds deadlocked;</li>
 *   <li>{@code threads-left}: the names of the threads alive at the end, digits replaced by '#'.</li>
 * </ul>
 * With {@code -Dprobe.exit.after.millis} it calls System.exit(0) in the middle of the load instead.
 */
final class Load {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String[] KINDS = {"socket", "nio", "async", "datagram-socket", "datagram-channel"};
    private static final int ERRORS_PRINTED = 5;
    private static final long STUCK_AFTER_MILLIS = 30_000;

    private final int expectedRecv = Integer.getInteger("probe.expect.recv", -1);
    private final int expectedSend = Integer.getInteger("probe.expect.send", -1);

    private final LongAdder tcpClients = new LongAdder();
    private final LongAdder tcpListeners = new LongAdder();
    private final LongAdder tcpAccepted = new LongAdder();
    private final LongAdder udp = new LongAdder();
    private final LongAdder unsized = new LongAdder();
    private final LongAdder classesDefined = new LongAdder();
    private final LongAdder[] rounds = new LongAdder[KINDS.length];
    private final AtomicInteger errors = new AtomicInteger();

    private Load() {
        for (int i = 0; i < rounds.length; i++) {
            rounds[i] = new LongAdder();
        }
    }

    static void run() throws Exception {
        Long exitAfter = Long.getLong("probe.exit.after.millis");
        if (exitAfter != null) {
            exitInTheMiddle(exitAfter);
        }
        new Load().load(Integer.getInteger("probe.threads", 64), Long.getLong("probe.millis", 8000),
                Long.getLong("probe.sockets", Long.MAX_VALUE));
    }

    /**
     * With {@code -Dprobe.exit.after.millis}: System.exit(0) from another thread while the workers
     * are still opening sockets, so shutdown hooks run in the middle of the load.
     */
    private static void exitInTheMiddle(long millis) {
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("load exit-in-the-middle");
            System.out.flush();
            System.exit(0);
        }, "load-exit");
        exit.setDaemon(true);
        exit.start();
    }

    private void load(int threads, long millis, long sockets) throws Exception {
        System.out.println("load threads " + threads + " millis " + millis + " sockets " + sockets);
        // One round of each kind first: the JDK's and the agent's one-time state (classes, the
        // first log lines, the default asynchronous channel group) is not counted as growth.
        for (int kind = 0; kind < KINDS.length; kind++) {
            round(kind);
        }
        long heapBefore = usedHeapAfterFullGc();

        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long counted = opened(); // the warm-up round's sockets do not count towards the target
        Going going = () -> System.nanoTime() < deadline && opened() - counted < sockets;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int kind = i % KINDS.length;
            workers.add(new Thread(() -> work(kind, going), "load-" + KINDS[kind] + "-" + i));
        }
        workers.add(new Thread(() -> defineClasses(going), "load-class-churn"));
        for (Thread worker : workers) {
            worker.setDaemon(true); // a stuck worker must not keep the JVM from reporting and exiting
            worker.start();
        }
        long joinUntil = System.currentTimeMillis() + millis + STUCK_AFTER_MILLIS;
        List<Thread> stuck = new ArrayList<>();
        for (Thread worker : workers) {
            worker.join(Math.max(1, joinUntil - System.currentTimeMillis()));
            if (worker.isAlive()) {
                stuck.add(worker);
            }
        }
        for (Thread thread : stuck) {
            StringBuilder stack = new StringBuilder("load-stuck " + thread.getName());
            for (StackTraceElement frame : thread.getStackTrace()) {
                stack.append(" | ").append(frame);
            }
            System.out.println(stack);
        }
        long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long heapAfter = usedHeapAfterFullGc();

        long loaded = opened() - counted;
        System.out.println("load opened " + loaded + " sockets in " + loadMillis + " ms, stopped by "
                + (loaded >= sockets ? "count" : "time"));
        System.out.println("load rounds " + roundsText() + " classes=" + classesDefined.sum());
        System.out.println("load tcp-client " + tcpClients.sum());
        System.out.println("load tcp-listener " + tcpListeners.sum());
        System.out.println("load tcp-accepted " + tcpAccepted.sum());
        System.out.println("load udp " + udp.sum());
        System.out.println("load errors " + errors.get());
        System.out.println("load unsized " + (expectedRecv < 0 ? "unchecked" : String.valueOf(unsized.sum())));
        System.out.println("load heap-before " + heapBefore);
        System.out.println("load heap-after " + heapAfter);
        System.out.println("load stuck " + stuck.size());
        System.out.println("load deadlocked " + deadlocked());
        System.out.println("load threads-left " + threadsLeft());
    }

    /** Until the socket count or the time cap is reached. */
    private interface Going {
        boolean stillGoing();
    }

    private long opened() {
        return tcpClients.sum() + tcpListeners.sum() + tcpAccepted.sum() + udp.sum();
    }

    /** Each worker goes through every kind in turn, starting at its own, so all kinds run at once. */
    private void work(int firstKind, Going going) {
        for (int kind = firstKind; going.stillGoing(); kind = (kind + 1) % KINDS.length) {
            try {
                round(kind);
            } catch (Throwable t) {
                if (errors.incrementAndGet() <= ERRORS_PRINTED) {
                    StringBuilder trace = new StringBuilder("load-error " + KINDS[kind] + ": " + t);
                    for (StackTraceElement frame : t.getStackTrace()) {
                        trace.append(" | ").append(frame);
                    }
                    System.out.println(trace);
                }
            }
        }
    }

    /** One listener, client and accepted socket (or one UDP socket) of one kind, used and closed. */
    private void round(int kind) throws Exception {
        switch (kind) {
            case 0: socketRound(); break;
            case 1: nioRound(); break;
            case 2: asyncRound(); break;
            case 3: datagramSocketRound(); break;
            default: datagramChannelRound(); break;
        }
        rounds[kind].increment();
    }

    private void socketRound() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            tcpListeners.increment();
            check(listener.getReceiveBufferSize(), -1);
            try (Socket client = new Socket(LOOPBACK, listener.getLocalPort())) {
                tcpClients.increment();
                check(client.getReceiveBufferSize(), client.getSendBufferSize());
                try (Socket accepted = listener.accept()) {
                    tcpAccepted.increment();
                    check(-1, accepted.getSendBufferSize());
                    client.getOutputStream().write(7);
                    InputStream in = accepted.getInputStream();
                    if (in.read() != 7) {
                        throw new IOException("socket: wrong byte");
                    }
                    client.setSoLinger(true, 0); // closed with a reset: no TIME_WAIT piling up over thousands of rounds
                    client.close();
                }
            }
        }
    }

    private void nioRound() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            tcpListeners.increment();
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            check(listener.getOption(StandardSocketOptions.SO_RCVBUF), -1);
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
                tcpClients.increment();
                check(client.getOption(StandardSocketOptions.SO_RCVBUF), client.getOption(StandardSocketOptions.SO_SNDBUF));
                try (SocketChannel accepted = listener.accept()) {
                    tcpAccepted.increment();
                    check(-1, accepted.getOption(StandardSocketOptions.SO_SNDBUF));
                    client.write(ByteBuffer.wrap(new byte[] {7}));
                    ByteBuffer received = ByteBuffer.allocate(1);
                    while (received.hasRemaining()) {
                        if (accepted.read(received) < 0) {
                            throw new IOException("nio: end of stream");
                        }
                    }
                    client.setOption(StandardSocketOptions.SO_LINGER, 0);
                    client.close();
                }
            }
        }
    }

    private void asyncRound() throws Exception {
        try (AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()) {
            tcpListeners.increment();
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            check(listener.getOption(StandardSocketOptions.SO_RCVBUF), -1);
            try (AsynchronousSocketChannel client = AsynchronousSocketChannel.open()) {
                tcpClients.increment();
                check(client.getOption(StandardSocketOptions.SO_RCVBUF), client.getOption(StandardSocketOptions.SO_SNDBUF));
                java.util.concurrent.Future<AsynchronousSocketChannel> accepting = listener.accept();
                client.connect(listener.getLocalAddress()).get(10, TimeUnit.SECONDS);
                try (AsynchronousSocketChannel accepted = accepting.get(10, TimeUnit.SECONDS)) {
                    tcpAccepted.increment();
                    check(-1, accepted.getOption(StandardSocketOptions.SO_SNDBUF));
                    // Two bytes, one read: asynchronous channels offer no SO_LINGER, but closing with
                    // unread data resets the connection, so no TIME_WAIT piles up over thousands of rounds.
                    client.write(ByteBuffer.wrap(new byte[] {7, 8})).get(10, TimeUnit.SECONDS);
                    if (accepted.read(ByteBuffer.allocate(1)).get(10, TimeUnit.SECONDS) != 1) {
                        throw new IOException("async: nothing read");
                    }
                }
            }
        }
    }

    private void datagramSocketRound() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            udp.increment();
            check(socket.getReceiveBufferSize(), socket.getSendBufferSize());
            socket.setSoTimeout(10_000);
            socket.send(new DatagramPacket(new byte[] {7}, 1, LOOPBACK, socket.getLocalPort()));
            DatagramPacket packet = new DatagramPacket(new byte[1], 1);
            socket.receive(packet);
        }
    }

    private void datagramChannelRound() throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            udp.increment();
            channel.bind(new InetSocketAddress(LOOPBACK, 0));
            check(channel.getOption(StandardSocketOptions.SO_RCVBUF), channel.getOption(StandardSocketOptions.SO_SNDBUF));
            channel.send(ByteBuffer.wrap(new byte[] {7}), channel.getLocalAddress());
            channel.receive(ByteBuffer.allocate(1)); // blocking: the datagram is already queued
        }
    }

    /** -1: that direction is not checked for this socket (listeners have no send buffer of their own). */
    private void check(int recv, int send) {
        if (expectedRecv >= 0 && recv >= 0 && recv != expectedRecv || expectedSend >= 0 && send >= 0 && send != expectedSend) {
            unsized.increment();
        }
    }

    /** Defines the same small class again and again, each time in a new class loader that is then dropped. */
    private void defineClasses(Going going) {
        byte[] bytes;
        try (InputStream in = Load.class.getResourceAsStream("Load$Throwaway.class")) {
            bytes = in.readAllBytes();
        } catch (Throwable t) {
            errors.incrementAndGet();
            System.out.println("load-error class churn: " + t);
            return;
        }
        while (going.stillGoing()) {
            try {
                Class<?> defined = new ThrowawayLoader(bytes).loadClass(Throwaway.class.getName());
                Object instance = defined.getDeclaredConstructor().newInstance();
                if (instance.getClass().getClassLoader() == Load.class.getClassLoader() || !instance.toString().equals("throwaway")) {
                    throw new IllegalStateException("the throwaway class came from the wrong loader");
                }
                classesDefined.increment();
            } catch (Throwable t) {
                if (errors.incrementAndGet() <= ERRORS_PRINTED) {
                    System.out.println("load-error class churn: " + t);
                }
            }
        }
    }

    /** The class defined over and over by the class-loading churn. */
    public static final class Throwaway {
        @Override
        public String toString() {
            return "throwaway";
        }
    }

    private static final class ThrowawayLoader extends ClassLoader {
        private final byte[] bytes;

        ThrowawayLoader(byte[] bytes) {
            super(Load.class.getClassLoader());
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(Throwaway.class.getName())) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    /** Used heap after three full collections, with pauses so reference processing can finish. */
    private static long usedHeapAfterFullGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private String roundsText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < KINDS.length; i++) {
            text.append(i == 0 ? "" : " ").append(KINDS[i]).append('=').append(rounds[i].sum());
        }
        return text.toString();
    }

    private static String deadlocked() {
        long[] ids = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (ids == null) {
            return "none";
        }
        StringBuilder names = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().getThreadInfo(ids)) {
            names.append(names.length() == 0 ? "" : ",").append(info == null ? "?" : info.getThreadName());
        }
        return names.toString();
    }

    private static String threadsLeft() {
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            names.add(thread.getKey().getName().replaceAll("\\d+", "#"));
        }
        return String.join(",", names);
    }
}
