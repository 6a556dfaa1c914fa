package io.sockbuf.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.it.app.IsolatedNettyApp;
import io.sockbuf.it.app.NettyApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty 4.1's native epoll transport (netty-transport-native-epoll, linux-x86_64): its sockets are
 * made in JNI, never by the JDK. The app refuses to run unless {@code Epoll.isAvailable()}, so a
 * pass means epoll really carried the connection. The agent sizes client, listener and accepted
 * sockets in the Epoll*Channel constructors, before connect/listen.
 */
class NettyEpollIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void epollListenerAcceptedAndClientSocketsGetTheAgentsSizesBeforeTheHandshake(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = epollApp(jdk, true)) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 epoll", jdk, held);
            assertEquals("true", sockets.info("epoll-available"), "Epoll.isAvailable()");
            assertEquals("EpollServerSocketChannel,EpollSocketChannel,EpollSocketChannel", sockets.info("channel-types"));
            sockets.ownsExactly("listener", "client", "accepted")
                    .sized("listener", RECV, -1, "agent 24k")
                    .sized("client", RECV, SEND, "agent 24k / 40k")
                    .sized("accepted", RECV, SEND, "agent 24k (from listener) / 40k")
                    .handshookWithTheSmallBuffer("client", "accepted");
            assertEquals("ping", sockets.info("echo"));
            // Netty's native ChannelConfig returns Linux's raw getsockopt, the doubled number
            // (the JDK halves it); the agent's log halves it too to compare with the request.
            assertEquals(Buffers.of(2 * RECV, 2 * SEND), sockets.libraryView("client"));
            assertEquals(Buffers.of(2 * RECV, 2 * SEND), sockets.libraryView("accepted"));
            sockets.release(true);
        }
    }

    /**
     * Netty loaded by a class loader that does not delegate {@code io.sockbuf.agent} (as OSGi and
     * JBoss Modules do not): the code woven into Netty's epoll channels must not throw into Netty
     * ({@code NoClassDefFoundError} out of {@code EpollServerSocketChannel.<init>} before), and
     * reaches the bridge on the boot class path all the same, so every socket is still sized.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void underAnIsolatingClassLoaderEpollChannelsWorkAndAreStillSized(Jdk jdk) throws Exception {
        ForkedJvm jvm = OwnedSockets.app(jdk, IsolatedNettyApp.class).withAgent(AGENT);
        try (ForkedJvm.Held held = jvm.hold("epoll")) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 epoll, isolating loader", jdk, held);
            assertEquals("false", sockets.info("agent-visible"), "the loader refuses the agent's package");
            assertEquals("isolating", sockets.info("netty-loader"));
            assertEquals("EpollServerSocketChannel,EpollSocketChannel,EpollSocketChannel", sockets.info("channel-types"));
            assertEquals("ping", sockets.info("echo"));
            sockets.ownsExactly("listener", "client", "accepted")
                    .sized("listener", RECV, -1, "agent 24k, isolating loader")
                    .sized("client", RECV, SEND, "agent 24k / 40k, isolating loader")
                    .sized("accepted", RECV, SEND, "agent 24k (from listener) / 40k, isolating loader")
                    .handshookWithTheSmallBuffer("client", "accepted");
            ForkedJvm.Result result = sockets.release(true);
            assertTrue(!result.stderr.contains("internal error") && !result.stderr.contains("Exception")
                    && !result.stderr.contains("Error"), "nothing thrown, nothing reported: " + result);
        }
    }

    /** The control: the same epoll program without the agent keeps the kernel's defaults. */
    @Test
    void withoutTheAgentEpollSocketsKeepTheKernelDefaults() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = epollApp(jdk, false)) {
            OwnedSockets.of("Netty 4.1 epoll, no agent", jdk, held)
                    .ownsExactly("listener", "client", "accepted")
                    .keptKernelDefaults()
                    .handshookWithTheDefaultBuffer("client", "accepted")
                    .release(false);
        }
    }

    private static ForkedJvm.Held epollApp(Jdk jdk, boolean withAgent) throws Exception {
        ForkedJvm jvm = OwnedSockets.app(jdk, NettyApp.class);
        if (withAgent) {
            jvm.withAgent(AGENT);
        }
        try {
            return jvm.hold("epoll");
        } catch (AssertionError ended) {
            throw new AssertionError("the Netty epoll app did not start; if it says Epoll.isAvailable() is false,"
                    + " the native transport cannot load on this machine (needs Linux x86_64):\n" + ended.getMessage(), ended);
        }
    }
}
