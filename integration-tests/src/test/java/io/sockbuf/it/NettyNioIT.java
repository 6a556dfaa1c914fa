package io.sockbuf.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.it.app.NettyApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Netty 4.1's NIO transport (ServerBootstrap + Bootstrap, NioServerSocketChannel /
 * NioSocketChannel): Netty opens its channels through SelectorProvider, which the agent hooks, so
 * listener, accepted and client channels carry the agent's sizes before the handshake. When the
 * application sets ChannelOption.SO_RCVBUF itself, Netty applies it right after creating the
 * channel, i.e. after the agent: the application's value wins (send stays the agent's).
 */
class NettyNioIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void nioListenerAcceptedAndClientChannelsGetTheAgentsSizesBeforeTheHandshake(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, NettyApp.class).withAgent(AGENT).hold("nio")) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 NIO", jdk, held)
                    .ownsExactly("listener", "client", "accepted")
                    .sized("listener", RECV, -1, "agent 24k")
                    .sized("client", RECV, SEND, "agent 24k / 40k")
                    .sized("accepted", RECV, SEND, "agent 24k (from listener) / 40k")
                    .handshookWithTheSmallBuffer("client", "accepted");
            assertEquals("ping", sockets.info("echo"));
            // Netty's own ChannelConfig reads the same values back.
            assertEquals(Buffers.of(RECV, SEND), sockets.libraryView("client"));
            assertEquals(Buffers.of(RECV, SEND), sockets.libraryView("accepted"));
            assertEquals(RECV, sockets.libraryView("listener").recv);
            sockets.release(true);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void channelOptionSoRcvbufSetByTheApplicationWinsOverTheAgent(Jdk jdk) throws Exception {
        int own = NettyApp.APP_RECEIVE_BUFFER;
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, NettyApp.class).withAgent(AGENT).hold("nio-app-sized")) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 NIO, app sets SO_RCVBUF=32768", jdk, held)
                    .ownsExactly("listener", "client", "accepted")
                    .sized("listener", own, -1, "agent 24k, then app 32768")
                    .sized("client", own, SEND, "agent 24k / 40k, then app recv 32768")
                    .sized("accepted", own, SEND, "agent 24k / 40k, then app childOption recv 32768")
                    // Netty sets the option before bind/connect, so the app's 32k (also small and
                    // locked) is what the handshake saw.
                    .handshookWithTheSmallBuffer("client", "accepted");
            assertEquals(Buffers.of(own, SEND), sockets.libraryView("client"));
            sockets.release(true);
        }
    }

    /** The control: the same program without the agent keeps the kernel's defaults and handshakes with a larger scale. */
    @Test
    void withoutTheAgentNettyNioChannelsKeepTheKernelDefaults() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, NettyApp.class).hold("nio")) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 NIO, no agent", jdk, held)
                    .ownsExactly("listener", "client", "accepted")
                    .keptKernelDefaults()
                    .handshookWithTheDefaultBuffer("client", "accepted");
            sockets.release(false);
        }
    }
}
