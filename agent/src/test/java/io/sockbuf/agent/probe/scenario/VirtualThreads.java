package io.sockbuf.agent.probe.scenario;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;

/**
 * JDK 21+: a virtual thread (Thread.ofVirtual() through reflection, as this code is compiled
 * for 11) opens a java.net and an NIO listener, connects to each and accepts; then
 * {@code -Dprobe.virtual.clients} (100) more virtual threads each connect one java.net client
 * while the first accepts them. Prints {@code virtual true}, the usual lines for the first
 * sockets (without ports) and {@code virtual-clients N sized M} for the others, where sized means
 * getsockopt equals {@code -Dprobe.expect.recv} / {@code -Dprobe.expect.send}.
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    static void open(Sockets sockets) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        Method isVirtual = Thread.class.getMethod("isVirtual");
        int clients = Integer.getInteger("probe.virtual.clients", 100);
        int expectRecv = Integer.getInteger("probe.expect.recv", -1);
        int expectSend = Integer.getInteger("probe.expect.send", -1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger sized = new AtomicInteger();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread first = (Thread) start.invoke(builder, (Runnable) () -> {
            try {
                lines.add("virtual " + isVirtual.invoke(Thread.currentThread()));
                ServerSocket listener = sockets.keep(new ServerSocket(0, clients + 50, LOOPBACK));
                lines.add(Measured.sizes("virtual-listener", listener.getReceiveBufferSize(), -1).sizesLine());
                Socket client = sockets.keep(new Socket());
                client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
                lines.add(Measured.sizes("virtual-client", client.getReceiveBufferSize(), client.getSendBufferSize()).sizesLine());
                Socket accepted = sockets.keep(listener.accept());
                lines.add(Measured.sizes("virtual-accepted", accepted.getReceiveBufferSize(), accepted.getSendBufferSize()).sizesLine());

                ServerSocketChannel nioListener = sockets.keep(ServerSocketChannel.open());
                nioListener.bind(new InetSocketAddress(LOOPBACK, 0));
                lines.add(Measured.sizes("virtual-nio-listener", nioListener.getOption(StandardSocketOptions.SO_RCVBUF), -1).sizesLine());
                SocketChannel nioClient = sockets.keep(SocketChannel.open(nioListener.getLocalAddress()));
                lines.add(Measured.sizes("virtual-nio-client", nioClient.getOption(StandardSocketOptions.SO_RCVBUF),
                        nioClient.getOption(StandardSocketOptions.SO_SNDBUF)).sizesLine());
                SocketChannel nioAccepted = sockets.keep(nioListener.accept());
                lines.add(Measured.sizes("virtual-nio-accepted", nioAccepted.getOption(StandardSocketOptions.SO_RCVBUF),
                        nioAccepted.getOption(StandardSocketOptions.SO_SNDBUF)).sizesLine());

                List<Thread> connecting = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    connecting.add((Thread) start.invoke(builder, (Runnable) () -> {
                        try (Socket each = new Socket(LOOPBACK, listener.getLocalPort())) {
                            if (each.getReceiveBufferSize() == expectRecv && each.getSendBufferSize() == expectSend) {
                                sized.incrementAndGet();
                            }
                            each.getInputStream().read(); // until the accepting side closes
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    }));
                }
                for (int i = 0; i < clients; i++) {
                    listener.accept().close();
                }
                for (Thread thread : connecting) {
                    thread.join();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        first.join();
        if (failure.get() != null) {
            throw new IllegalStateException("in a virtual thread", failure.get());
        }
        for (String line : lines) {
            System.out.println(line);
        }
        System.out.println("virtual-clients " + clients + " sized " + sized.get());
    }
}
