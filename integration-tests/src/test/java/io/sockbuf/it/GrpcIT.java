package io.sockbuf.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.it.app.GrpcApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * gRPC Java (grpc-netty-shaded 1.85.1): server and channel in one JVM, one unary call, the HTTP/2
 * connection left open. grpc-netty-shaded carries Netty 4.2 shaded to io.grpc.netty.shaded.io.netty
 * and uses its native epoll transport when it loads (asserted), so the agent has to recognise epoll
 * channels under a shaded package name.
 */
class GrpcIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void grpcServerListenerAcceptedAndChannelSocketsOverShadedEpollGetTheAgentsSizesBeforeTheHandshake(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, GrpcApp.class).withAgent(AGENT).hold("unary")) {
            OwnedSockets sockets = OwnedSockets.of("gRPC 1.85.1 (shaded Netty epoll)", jdk, held);
            assertEquals("true", sockets.info("shaded-epoll-available"), "grpc-netty-shaded's epoll transport is in use");
            assertEquals("echo=ping", sockets.info("reply"));
            sockets.ownsExactly("listener", "client", "accepted")
                    .sized("listener", RECV, -1, "agent 24k")
                    .sized("client", RECV, SEND, "agent 24k / 40k")
                    .sized("accepted", RECV, SEND, "agent 24k (from listener) / 40k")
                    .handshookWithTheSmallBuffer("client", "accepted")
                    .release(true);
        }
    }

    @Test
    void withoutTheAgentGrpcSocketsKeepTheKernelDefaults() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, GrpcApp.class).hold("unary")) {
            OwnedSockets.of("gRPC 1.85.1 (shaded Netty epoll), no agent", jdk, held)
                    .ownsExactly("listener", "client", "accepted")
                    .keptKernelDefaults()
                    .handshookWithTheDefaultBuffer("client", "accepted")
                    .release(false);
        }
    }
}
