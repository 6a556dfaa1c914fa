package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.ExitCall;

import java.util.Arrays;
import java.util.List;

/**
 * Where the JDK creates socket descriptors, per JDK version. Each hook fires right after the
 * descriptor exists and before connect/bind/listen can run. A class missing on a JDK (e.g.
 * NioSocketImpl on JDK 11) is simply never loaded there; a hook whose field is missing is skipped.
 */
final class Hooks {

    private Hooks() {
    }

    static List<Hook> all() {
        return Arrays.asList(
                // java.net.Socket / ServerSocket (and SSL sockets, which extend them), JDK 13+.
                Hook.method("sun.nio.ch.NioSocketImpl", "create", "(Z)V", ExitCall.socketImplCreated("server")),
                // The same on JDK 11 (listener: SocketImpl.serverSocket set) and on 13-17 with
                // -Djdk.net.usePlainSocketImpl=true (listener: isServer).
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V", ExitCall.socketImplCreatedWithServerSocket()),
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V", ExitCall.socketImplCreated("isServer")),
                // Accepted java.net sockets (plain and SSL): SO_SNDBUF cannot ride on the listener.
                Hook.method("sun.nio.ch.NioSocketImpl", "accept", "(Ljava/net/SocketImpl;)V", ExitCall.withFirstArgument("socketAccepted")),
                Hook.method("java.net.AbstractPlainSocketImpl", "accept", "(Ljava/net/SocketImpl;)V", ExitCall.withFirstArgument("socketAccepted")),
                // DatagramSocket / MulticastSocket on JDK 11 (15-17: -Djdk.net.usePlainDatagramSocketImpl=true).
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "create", "()V", ExitCall.withThis("datagramImplCreated")),
                // NIO and asynchronous channels, opened directly, through SelectorProvider, or accepted;
                // on JDK 15+ DatagramChannelImpl is also behind DatagramSocket and MulticastSocket.
                Hook.constructors("sun.nio.ch.SocketChannelImpl", ExitCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.ServerSocketChannelImpl", ExitCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.DatagramChannelImpl", ExitCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.AsynchronousSocketChannelImpl", ExitCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.AsynchronousServerSocketChannelImpl", ExitCall.withThis("channelCreated")),
                // Netty's native epoll transport makes its sockets in JNI code, never through the JDK.
                // Its channel constructors run after the socket exists and before bind/connect.
                Hook.libraryConstructors(".channel.epoll.EpollSocketChannel", ExitCall.withThis("nettyEpollChannelCreated")),
                Hook.libraryConstructors(".channel.epoll.EpollServerSocketChannel", ExitCall.withThis("nettyEpollChannelCreated")),
                Hook.libraryConstructors(".channel.epoll.EpollDatagramChannel", ExitCall.withThis("nettyEpollChannelCreated")));
    }

    /** Library transports whose sockets the agent cannot size: seeing one gets a warning, not silence. */
    static List<String> unsizedTransports() {
        return Arrays.asList(
                ".channel.uring.IoUringSocketChannel", ".channel.uring.IoUringServerSocketChannel",
                ".incubator.channel.uring.IOUringSocketChannel", ".incubator.channel.uring.IOUringServerSocketChannel");
    }
}
