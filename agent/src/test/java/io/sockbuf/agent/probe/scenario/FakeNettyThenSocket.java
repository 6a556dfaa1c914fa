package io.sockbuf.agent.probe.scenario;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/**
 * First what Netty's epoll transport does before its first channel, loading a JNI library named
 * like Netty's (an empty file here: the load fails, as the JDK says), then a class named like
 * Netty's epoll channel that is not Netty (the agent's Netty path fails on it), then a listener, a
 * java.net client and its accepted socket, and an NIO client.
 */
final class FakeNettyThenSocket {

    private FakeNettyThenSocket() {
    }

    static void open(Sockets sockets) throws Exception {
        File library = File.createTempFile("libnetty_transport_native_epoll_x86_64", ".so");
        library.deleteOnExit();
        try {
            System.load(library.getAbsolutePath());
        } catch (UnsatisfiedLinkError notALibrary) {
            System.out.println("fake library refused by the JDK");
        }
        System.out.println("fake " + new com.example.channel.epoll.EpollSocketChannel("first"));
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        Socket client = sockets.keep(new Socket());
        client.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("client", client);
        report("accepted", sockets.keep(listener.accept()));
        report("nio-client", sockets.keep(SocketChannel.open(new InetSocketAddress(LOOPBACK, listener.getLocalPort()))));
        sockets.keep(listener.accept());
    }
}
