package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.Ports;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sockbuf.rules through the shaded jar: by role, port and address range, first match wins, applied
 * where the port or address becomes known and still before the handshake (client: connect;
 * listener: bind, before listen; UDP: bind).
 */
class RulesIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void rulesByPortSizeOnlyTheirSocketsAndBeforeTheHandshake(Jdk jdk) throws Exception {
        int port1 = twoFreePorts();
        int port2 = twoFreePorts();
        int udpPort = freeUdpPort();
        String rules = "client:port=" + port1 + ":recv=24k; listener:port=" + port2 + ":recv=32k; client:port=" + (port2 + 1)
                + ":recv=24k:send=40k; accepted:port=" + port1 + ":send=40k; udp:port=" + udpPort + ":recv=48k";
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=12k", "-Dsockbuf.rules=" + rules)
                .withOptions("-Dprobe.port1=" + port1, "-Dprobe.port2=" + port2, "-Dprobe.udpPort=" + udpPort).hold("two-services")) {
            Map<String, Buffers> values = held.values;
            assertEquals(24576, values.get("client1").recv, "client rule by port (java.net)");
            assertEquals(12288, values.get("client2").recv, "no rule: the global size");
            assertEquals(24576, values.get("nio-client2").recv, "client rule by port (NIO)");
            assertEquals(40960, values.get("nio-client2").send, "client rule by port (NIO) sets send too");
            assertEquals(12288, values.get("nio-client1").recv, "port1 + 1 matches no rule");
            assertEquals(32768, values.get("listener2").recv, "listener rule by port");
            assertEquals(32768, values.get("accepted2").recv, "accepted sockets inherit the listener's rule size");
            assertEquals(12288, values.get("listener1").recv);
            assertEquals(40960, values.get("accepted1").send, "accepted rule by local port");
            assertEquals(49152, values.get("udp").recv, "UDP rule by port");

            Ports client1 = held.ports.get("client1");
            KernelView kernel = KernelView.tcpConnection(client1.local, client1.remote);
            assertEquals(2L * 24576, kernel.receiveBytes, kernel.toString());
            assertEquals(0, kernel.receiveWindowScale, "the rule's size was in place before the SYN: " + kernel);
            Ports accepted2 = held.ports.get("accepted2");
            assertEquals(2L * 32768, KernelView.tcpConnection(accepted2.local, accepted2.remote).receiveBytes);
            ForkedJvm.Result result = held.release();
            assertTrue(result.stderr.contains("rule \"client:port=" + port1 + ":recv=24k\": recv 24576 -> 24576"), result.toString());
            assertEquals(0, result.warnings().size(), result.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void rulesByAddressRangeMatchIpv4Ranges(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=12k",
                "-Dsockbuf.rules=client:host=10.0.0.0/8:recv=32k; client:host=127.0.0.0/8:recv=24k; any:recv=16k").run("socket");
        assertEquals(24576, run.values().get("client").recv, run.toString());
        assertEquals(24576, run.values().get("ctor-client").recv, run.toString());
        assertEquals(16384, run.values().get("listener").recv, "the first rule without an address decides at creation: " + run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRuleThatCanNeverMatchIsAStartupWarningAndTheOthersStillApply(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(
                "-Dsockbuf.rules=client:port=99999:recv=8k; client:host=10.0.0.0/40:recv=8k; client:recv=24k").run("client-only");
        assertEquals(2, run.warnings().size(), run.toString());
        assertTrue(run.warnings().get(0).contains("rule \"client:port=99999:recv=8k\" is left out: port \"99999\" is not a number from 1 to 65535"), run.toString());
        assertTrue(run.warnings().get(1).contains("prefix length \"40\" is not a number from 0 to 32"), run.toString());
        assertEquals(24576, run.values().get("client").recv, run.toString());
    }

    /**
     * apply mode: a size the application set itself before connect wins over a rule that is applied
     * at connect (today's 8192 -> 204800), with and without a global size set at creation; a client
     * that set nothing gets the rule. Seen through getsockopt and the kernel (ss).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void inApplyModeTheApplicationsOwnSizeWinsOverARuleAppliedAtConnect(Jdk jdk) throws Exception {
        String rule = "-Dsockbuf.rules=client:host=127.0.0.0/8:recv=200k:send=200k";
        for (String[] agent : new String[][] {{rule}, {rule, "-Dsockbuf.recv=24k", "-Dsockbuf.send=40k"}}) {
            String context = String.join(" ", agent) + " on " + jdk;
            try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(agent).hold("late-app-set")) {
                Ports ports = held.ports.get("app-sized-client");
                KernelView kernel = KernelView.tcpConnection(ports.local, ports.remote);
                assertEquals(32768, held.values.get("app-sized-client").recv, context + ": " + held.stdout);
                assertEquals(32768, held.values.get("app-sized-client").send, context + ": " + held.stdout);
                assertEquals(2L * 32768, kernel.receiveBytes, context + ": " + kernel);
                held.release();
            }
            ForkedJvm.Result untouched = ForkedJvm.on(jdk).withAgent(agent).run("client-only");
            assertEquals(204800, untouched.values().get("client").recv, context + ", the application set nothing: " + untouched);
            assertEquals(204800, untouched.values().get("client").send, context + ", the application set nothing: " + untouched);
        }
    }

    /**
     * A port p such that p and p + 1 are free on loopback (the probe uses both). Chosen below the
     * ephemeral range (32768+ here), where a busy host's client connections do not take ports.
     */
    private static int twoFreePorts() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20000 + random.nextInt(12000);
            try (ServerSocket first = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
