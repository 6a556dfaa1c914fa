package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.AcceptedSocketAdvice;
import io.sockbuf.agent.advice.ChannelCreatedAdvice;
import io.sockbuf.agent.advice.NioSocketImplCreateAdvice;
import io.sockbuf.agent.advice.PlainDatagramImplCreateAdvice;
import io.sockbuf.agent.advice.PlainSocketImplCreateAdvice;

import java.util.Arrays;
import java.util.List;

/**
 * Where the JDK creates socket descriptors, per JDK version. Each hook fires right after the
 * descriptor exists and before connect/bind/listen can run. A class missing on a JDK (e.g.
 * NioSocketImpl on JDK 11) is simply never loaded there.
 */
final class Hooks {

    private Hooks() {
    }

    static List<Hook> all() {
        return Arrays.asList(
                // java.net.Socket / ServerSocket (and SSL sockets, which extend them), JDK 13+.
                Hook.method("sun.nio.ch.NioSocketImpl", "create", "(Z)V", NioSocketImplCreateAdvice.class),
                // The same on JDK 11, and on 13-17 with -Djdk.net.usePlainSocketImpl=true.
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V",
                        PlainSocketImplCreateAdvice.WithServerSocketField.class).whenFieldExists("serverSocket"),
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V",
                        PlainSocketImplCreateAdvice.WithIsServerField.class).whenFieldExists("isServer"),
                // DatagramSocket / MulticastSocket on JDK 11 (15-17: -Djdk.net.usePlainDatagramSocketImpl=true).
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "create", "()V", PlainDatagramImplCreateAdvice.class),
                // Accepted java.net sockets: SO_SNDBUF cannot ride on the listener.
                Hook.method("java.net.ServerSocket", "implAccept", "(Ljava/net/Socket;)V", AcceptedSocketAdvice.class),
                // NIO and asynchronous channels, opened directly, through SelectorProvider, or accepted;
                // on JDK 15+ DatagramChannelImpl is also behind DatagramSocket and MulticastSocket.
                Hook.constructors("sun.nio.ch.SocketChannelImpl", ChannelCreatedAdvice.class),
                Hook.constructors("sun.nio.ch.ServerSocketChannelImpl", ChannelCreatedAdvice.class),
                Hook.constructors("sun.nio.ch.DatagramChannelImpl", ChannelCreatedAdvice.class),
                Hook.constructors("sun.nio.ch.AsynchronousSocketChannelImpl", ChannelCreatedAdvice.class),
                Hook.constructors("sun.nio.ch.AsynchronousServerSocketChannelImpl", ChannelCreatedAdvice.class));
    }
}
