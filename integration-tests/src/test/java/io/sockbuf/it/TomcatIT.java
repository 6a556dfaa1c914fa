package io.sockbuf.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.it.app.TomcatApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Apache Tomcat 10.1 embedded (NIO connector, HTTP/1.1 on 127.0.0.1) called by HttpURLConnection
 * over a keep-alive connection that stays open: Tomcat's listener and accepted channel and the
 * HttpURLConnection socket (which the application cannot even reach) all carry the agent's sizes,
 * in place before the handshake. Tomcat 10.1 runs on Java 11+, so on the whole matrix.
 */
class TomcatIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void tomcatListenerAcceptedAndHttpUrlConnectionKeepAliveSocketsGetTheAgentsSizesBeforeTheHandshake(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, TomcatApp.class).withAgent(AGENT).hold("keep-alive")) {
            OwnedSockets sockets = OwnedSockets.of("Tomcat 10.1 + HttpURLConnection", jdk, held);
            assertEquals("true", sockets.info("keep-alive-reused"), "the second request reused the first connection");
            sockets.ownsExactly("listener", "client", "accepted")
                    .sized("listener", RECV, -1, "agent 24k")
                    .sized("client", RECV, SEND, "agent 24k / 40k")
                    .sized("accepted", RECV, SEND, "agent 24k (from listener) / 40k")
                    .handshookWithTheSmallBuffer("client", "accepted")
                    .release(true);
        }
    }

    @Test
    void withoutTheAgentTomcatAndHttpUrlConnectionKeepTheKernelDefaults() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = OwnedSockets.app(jdk, TomcatApp.class).hold("keep-alive")) {
            OwnedSockets.of("Tomcat 10.1 + HttpURLConnection, no agent", jdk, held)
                    .ownsExactly("listener", "client", "accepted")
                    .keptKernelDefaults()
                    .handshookWithTheDefaultBuffer("client", "accepted")
                    .release(false);
        }
    }
}
