package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's HttpClient opens its own SocketChannel, out of the application's reach: the agent
 * sizes it. Its own {@code jdk.httpclient.receiveBufferSize} is applied after the agent and wins.
 * Checked from the kernel side on the pooled connection, both ends (client and HttpServer).
 */
class HttpClientIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void httpClientAndHttpServerConnectionsAreSized(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).hold("httpclient")) {
            List<KernelView> ends = KernelView.tcpConnectionsOf(held.ports.get("http-server").local);
            assertEquals(2, ends.size(), "client and server end of the pooled connection: " + ends);
            for (KernelView end : ends) {
                assertEquals(2L * TestSizes.RECV, end.receiveBytes, end.toString());
                assertEquals(2L * TestSizes.SEND, end.sendBytes, end.toString());
                assertEquals(0, end.receiveWindowScale, "sized before the handshake: " + end);
            }
            assertEquals(0, held.release().exitCode);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void jdkHttpClientReceiveBufferSizeWinsOverTheAgent(Jdk jdk) throws Exception {
        int own = 48 * 1024;
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions("-Djdk.httpclient.receiveBufferSize=" + own).hold("httpclient")) {
            int serverPort = held.ports.get("http-server").local;
            boolean sawClientEnd = false;
            for (KernelView end : KernelView.tcpConnectionsOf(serverPort)) {
                boolean clientEnd = end.peerPort == serverPort;
                assertEquals(2L * (clientEnd ? own : TestSizes.RECV), end.receiveBytes, end.toString());
                sawClientEnd |= clientEnd;
            }
            assertTrue(sawClientEnd, "no client end found");
            held.release();
        }
    }
}
