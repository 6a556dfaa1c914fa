package io.sockbuf.agent.install;


import java.util.Arrays;
import java.util.List;

/**
 * Where the JDK creates socket descriptors, per JDK version. Each hook fires right after the
 * descriptor exists and before connect/bind/listen can run. A class missing on a JDK (e.g.
 * NioSocketImpl on JDK 11) is simply never loaded there.
 */
final class Hooks {

    private static final String ADVICE = "io.sockbuf.agent.advice.";

    private Hooks() {
    }

    static List<Hook> all() {
        return Arrays.asList(
                // java.net.Socket / ServerSocket (and SSL sockets, which extend them), JDK 13+.
                Hook.method("sun.nio.ch.NioSocketImpl", "create", "(Z)V", ADVICE + "NioSocketImplCreateAdvice"),
                // The same on JDK 11, and on 13-17 with -Djdk.net.usePlainSocketImpl=true.
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V",
                        ADVICE + "PlainSocketImplCreateAdvice$WithServerSocketField").whenFieldExists("serverSocket"),
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V",
                        ADVICE + "PlainSocketImplCreateAdvice$WithIsServerField").whenFieldExists("isServer"),
                // DatagramSocket / MulticastSocket on JDK 11 (15-17: -Djdk.net.usePlainDatagramSocketImpl=true).
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "create", "()V", ADVICE + "PlainDatagramImplCreateAdvice"),
                // Accepted java.net sockets: SO_SNDBUF cannot ride on the listener.
                Hook.method("sun.nio.ch.NioSocketImpl", "accept", "(Ljava/net/SocketImpl;)V", ADVICE + "AcceptedSocketAdvice"),
                Hook.method("java.net.AbstractPlainSocketImpl", "accept", "(Ljava/net/SocketImpl;)V", ADVICE + "AcceptedSocketAdvice"),
                // NIO and asynchronous channels, opened directly, through SelectorProvider, or accepted;
                // on JDK 15+ DatagramChannelImpl is also behind DatagramSocket and MulticastSocket.
                Hook.constructors("sun.nio.ch.SocketChannelImpl", ADVICE + "ChannelCreatedAdvice"),
                Hook.constructors("sun.nio.ch.ServerSocketChannelImpl", ADVICE + "ChannelCreatedAdvice"),
                Hook.constructors("sun.nio.ch.DatagramChannelImpl", ADVICE + "ChannelCreatedAdvice"),
                Hook.constructors("sun.nio.ch.AsynchronousSocketChannelImpl", ADVICE + "ChannelCreatedAdvice"),
                Hook.constructors("sun.nio.ch.AsynchronousServerSocketChannelImpl", ADVICE + "ChannelCreatedAdvice"));
    }
}
