package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.Ports;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the receive buffer was in place before the SYN (client) and before listen (listener):
 * Linux picks the TCP window scale at the handshake from the receive buffer. A small locked
 * buffer gives scale 0; the default buffer (and a buffer set after connect) gives a larger one.
 */
class BeforeHandshakeIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void clientAndAcceptedSocketsHandshakeWithTheConfiguredReceiveBuffer(Jdk jdk) throws Exception {
        for (String scenario : new String[] {"socket", "nio", "async"}) {
            try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).hold(scenario)) {
                int connections = 0;
                for (Map.Entry<String, Ports> socket : held.ports.entrySet()) {
                    Ports ports = socket.getValue();
                    if (ports.remote == 0) {
                        continue;
                    }
                    KernelView kernel = KernelView.tcpConnection(ports.local, ports.remote);
                    assertEquals(0, kernel.receiveWindowScale, jdk + " " + socket.getKey() + " handshake saw the default buffer: " + kernel);
                    connections++;
                }
                assertTrue(connections >= 2, scenario + " opened no connections: " + held.ports);
                held.release();
            }
        }
    }

    /** The control: what the kernel does when the buffer is not there at the handshake. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aReceiveBufferSetAfterConnectDoesNotChangeTheWindowScale(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).hold("set-after-connect")) {
            Ports ports = held.ports.get("late-client");
            assertEquals(TestSizes.RECV, held.values.get("late-client").recv);
            KernelView kernel = KernelView.tcpConnection(ports.local, ports.remote);
            assertTrue(kernel.receiveWindowScale > 0, "expected the default window scale: " + kernel);
            held.release();
        }
    }
}
