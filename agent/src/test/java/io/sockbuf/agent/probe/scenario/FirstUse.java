package io.sockbuf.agent.probe.scenario;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * The first sockets of a JVM, in the ways that make the JDK load its socket classes at unusual
 * moments: every kind at once from its own thread, or the classes loaded by name before any socket.
 */
final class FirstUse {

    /** Every JDK class that makes or accepts sockets, on any JDK of the matrix (a missing one is skipped). */
    private static final String[] SOCKET_CLASSES = {
        "sun.nio.ch.NioSocketImpl", "java.net.AbstractPlainSocketImpl", "java.net.PlainSocketImpl",
        "java.net.AbstractPlainDatagramSocketImpl", "java.net.PlainDatagramSocketImpl",
        "sun.nio.ch.SocketChannelImpl", "sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.DatagramChannelImpl",
        "sun.nio.ch.AsynchronousSocketChannelImpl", "sun.nio.ch.UnixAsynchronousSocketChannelImpl",
        "sun.nio.ch.AsynchronousServerSocketChannelImpl", "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl",
    };

    private FirstUse() {
    }

    /** java.net, NIO, asynchronous and UDP sockets, each kind's first opened from its own thread at the same moment. */
    static void allKindsAtOnce(Sockets sockets) throws Exception {
        atOnce(sockets, EveryKind::socket, EveryKind::nio, EveryKind::async, EveryKind::udp);
    }

    /**
     * The JVM's first NIO listeners, {@code -Dprobe.listeners} (16) made from their own threads at
     * the same moment (as a server opening its connectors in parallel), each accepting one
     * connection; with {@code -Dprobe.virtual=true} (JDK 21+) from virtual threads.
     */
    static void nioListenersAtOnce(Sockets sockets) throws Exception {
        Scenario.Opening[] listeners = new Scenario.Opening[Integer.getInteger("probe.listeners", 16)];
        Arrays.fill(listeners, (Scenario.Opening) FirstUse::oneNioListener);
        atOnce(sockets, Boolean.getBoolean("probe.virtual"), listeners);
    }

    /**
     * One NIO listener and connection, then how the agent reached the listener's descriptor:
     * {@code sun.nio.ch-open-to-agent <boolean>} (whether java.base opened the package to the agent's
     * module) and {@code listener-class-defined <boolean>} (whether sun.nio.ch holds the agent's class).
     * With {@code -Dprobe.junkBridgeCallFirst=true} the application first calls the bridge's public
     * listenerChannelCreated itself, with its own lookup.
     */
    static void nioListenerReach(Sockets sockets) throws Exception {
        if (Boolean.getBoolean("probe.junkBridgeCallFirst")) {
            // a hostile application calls the public bridge before its first listener, with what it has
            Class.forName("io.sockbuf.agent.bridge.SocketSizer").getMethod("listenerChannelCreated", Object.class, Object.class)
                    .invoke(null, null, java.lang.invoke.MethodHandles.lookup());
        }
        oneNioListener(sockets);
        Module agent = Class.forName("io.sockbuf.agent.bridge.SocketSizer").getModule();
        System.out.println("sun.nio.ch-open-to-agent " + Object.class.getModule().isOpen("sun.nio.ch", agent));
        boolean defined;
        try {
            Class.forName("sun.nio.ch.SockbufListenerSend", false, null);
            defined = true;
        } catch (ClassNotFoundException e) {
            defined = false;
        }
        System.out.println("listener-class-defined " + defined);
    }

    private static void oneNioListener(Sockets sockets) throws Exception {
        ServerSocketChannel listener = sockets.keep(ServerSocketChannel.open());
        listener.bind(new InetSocketAddress(Sockets.LOOPBACK, 0));
        sockets.keep(SocketChannel.open(listener.getLocalAddress()));
        sockets.keep(listener.accept());
    }

    private static void atOnce(Sockets sockets, Scenario.Opening... kinds) throws Exception {
        atOnce(sockets, false, kinds);
    }

    private static void atOnce(Sockets sockets, boolean virtual, Scenario.Opening... kinds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(kinds.length);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // JDK 21+'s Thread.ofVirtual(), through reflection: this code is compiled for 11
        Object virtualThreads = virtual ? Thread.class.getMethod("ofVirtual").invoke(null) : null;
        Method unstarted = virtual ? Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class) : null;
        for (Scenario.Opening kind : kinds) {
            Runnable opening = () -> {
                try {
                    start.await();
                    kind.open(sockets);
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            };
            Thread thread = virtual ? (Thread) unstarted.invoke(virtualThreads, opening) : new Thread(opening);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a kind failed to open: " + failures, failures.get(0));
        }
    }

    /** Loads, without initializing, every socket class by name before any socket exists, as a framework's class scan may. */
    static void classesLoadedFirst(Sockets sockets) {
        for (String name : SOCKET_CLASSES) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException absent) {
                // not in this JDK
            }
        }
    }
}
