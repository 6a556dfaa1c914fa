package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.Ports;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.sockbuf.agent.testkit.TestSizes.AGENT;
import static io.sockbuf.agent.testkit.TestSizes.RECV;
import static io.sockbuf.agent.testkit.TestSizes.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network set-ups an application may run in: an IPv4-only Java stack, IPv6 loopback,
 * Unix-domain channels (left alone: they have no TCP window) and virtual threads. Each socket is
 * checked inside with getsockopt and, where it has a port, from the kernel with ss.
 */
class NetworkVariantsIT {

    private static final String[] EXPECT = {"-Dprobe.expect.recv=" + RECV, "-Dprobe.expect.send=" + SEND};

    /** Unix-domain SocketChannel / ServerSocketChannel exist from JDK 16 on. */
    static Stream<Jdk> jdksWithUnixDomainChannels() {
        return Jdks.matrix().filter(jdk -> jdk.feature >= 16);
    }

    /** Virtual threads are final from JDK 21 on (in the matrix: 21 and 25). */
    static Stream<Jdk> jdksWithVirtualThreads() {
        return Jdks.matrix().filter(jdk -> jdk.feature >= 21);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withPreferIPv4StackEverySocketKindIsSizedOnIPv4Sockets(Jdk jdk) throws Exception {
        for (String scenario : new String[] {"socket", "nio", "async", "udp"}) {
            try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(AGENT).withOptions("-Djava.net.preferIPv4Stack=true").hold(scenario)) {
                List<KernelView> kernel = checkEverySocketSized(jdk + " " + scenario, held);
                for (KernelView socket : kernel) {
                    // Without the option the JDK opens dual-stack sockets, which ss shows as [::ffff:127.0.0.1].
                    assertFalse(socket.raw.contains("::ffff:"), jdk + " " + scenario + ": not an IPv4 socket: " + socket);
                }
                ForkedJvm.Result result = held.release();
                assertEquals(0, result.exitCode, result.toString());
                assertNoWarning(result);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void ipv6LoopbackClientsListenersAndUdpSocketsAreSized(Jdk jdk) throws Exception {
        assumeIpv6Loopback();
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(AGENT).hold("ipv6-loopback")) {
            assertTrue(held.stdout.contains("v6-peer 0:0:0:0:0:0:0:1\n"), held.stdout);
            List<KernelView> kernel = checkEverySocketSized(jdk + " ipv6-loopback", held);
            assertEquals(held.values.size(), kernel.size(), "ss found every socket: " + kernel);
            for (KernelView socket : kernel) {
                assertTrue(socket.raw.contains("[::1]:"), jdk + ": not on [::1]: " + socket);
            }
            ForkedJvm.Result result = held.release();
            assertEquals(0, result.exitCode, result.toString());
            assertNoWarning(result);
            assertEquals(ExitSummary.asRequested("tcp client", 3, "tcp listener", 3, "tcp accepted", 3, "udp", 2),
                    ExitSummary.in(result).counts(), result.toString());
        }
    }

    /**
     * Unix-domain channels have no TCP window: the agent leaves them alone (their sizes are what
     * the JDK gives them without the agent), does not count them as TCP sockets and says nothing
     * about them; the program's message still arrives. One TCP connection in the same program is
     * sized and counted as usual.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdksWithUnixDomainChannels")
    void unixDomainChannelsAreLeftAloneWithoutWarningOrCount(Jdk jdk) throws Exception {
        ForkedJvm.Result with = ForkedJvm.on(jdk).withAgent(AGENT).run("unix-domain");
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("unix-domain");
        assertEquals(0, with.exitCode, with.toString());
        assertEquals(0, without.exitCode, without.toString());
        assertTrue(with.stdout.contains("unix-message ping\n"), with.toString());

        Map<String, Buffers> withAgent = with.values();
        Map<String, Buffers> withoutAgent = without.values();
        for (String name : new String[] {"unix-listener", "unix-client", "unix-accepted", "unix-open-address"}) {
            assertEquals(withoutAgent.get(name), withAgent.get(name), jdk + " " + name + " left alone\n" + with);
        }
        assertEquals(Buffers.of(RECV, -1), withAgent.get("tcp-listener"), with.toString());
        assertEquals(Buffers.of(RECV, SEND), withAgent.get("tcp-client"), with.toString());
        assertEquals(Buffers.of(RECV, SEND), withAgent.get("tcp-accepted"), with.toString());

        assertNoWarning(with);
        assertEquals("", with.stderr.replaceAll("\\[sockbuf\\][^\n]*\n", ""), "stderr beyond the agent's own lines");
        assertEquals(ExitSummary.asRequested("tcp client", 1, "tcp listener", 1, "tcp accepted", 1), ExitSummary.in(with).counts(),
                "only the one TCP connection is counted:\n" + with);
    }

    /**
     * A virtual thread opens a java.net and an NIO listener, connects to each and accepts; then
     * 100 more virtual threads connect at once while the first accepts. Every socket is sized,
     * seen from inside the virtual threads and in the agent's count.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdksWithVirtualThreads")
    void socketsOpenedInVirtualThreadsAreSized(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(AGENT).withOptions(EXPECT).withOptions("-Dprobe.virtual.clients=100")
                .run("virtual-threads");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("virtual true\n"), run.toString());
        Map<String, Buffers> values = run.values();
        assertEquals(6, values.size(), run.toString());
        for (Map.Entry<String, Buffers> socket : values.entrySet()) {
            boolean listener = socket.getKey().endsWith("listener");
            assertEquals(Buffers.of(RECV, listener ? -1 : SEND), socket.getValue(), socket.getKey() + "\n" + run);
        }
        assertTrue(run.stdout.contains("virtual-clients 100 sized 100\n"), run.toString());
        assertNoWarning(run);
        assertEquals(ExitSummary.asRequested("tcp client", 102, "tcp listener", 2, "tcp accepted", 102), ExitSummary.in(run).counts(),
                run.toString());
    }

    /**
     * Checks each socket the probe reported: getsockopt inside, and ss for those with a port
     * (twice the size, as Linux keeps it). Returns what ss showed.
     */
    private static List<KernelView> checkEverySocketSized(String context, ForkedJvm.Held held) throws Exception {
        assertTrue(held.values.size() >= 2, context + ": too few sockets: " + held.stdout);
        List<KernelView> seen = new ArrayList<>();
        for (Map.Entry<String, Buffers> socket : held.values.entrySet()) {
            String name = context + " " + socket.getKey();
            Ports ports = held.ports.get(socket.getKey());
            assertEquals(RECV, socket.getValue().recv, name + " SO_RCVBUF");
            if (socket.getKey().endsWith("listener")) {
                if (ports.local != 0) { // a listener never bound has no name to find it by
                    KernelView kernel = KernelView.tcpListener(ports.local);
                    assertEquals(2L * RECV, kernel.receiveBytes, name + " kernel rb: " + kernel);
                    seen.add(kernel);
                }
                continue;
            }
            assertEquals(SEND, socket.getValue().send, name + " SO_SNDBUF");
            boolean udp = socket.getKey().contains("udp") || socket.getKey().contains("datagram") || socket.getKey().contains("multicast");
            KernelView kernel = udp ? KernelView.udpSocket(ports.local) : KernelView.tcpConnection(ports.local, ports.remote);
            assertEquals(2L * RECV, kernel.receiveBytes, name + " kernel rb: " + kernel);
            assertEquals(2L * SEND, kernel.sendBytes, name + " kernel tb: " + kernel);
            seen.add(kernel);
        }
        return seen;
    }

    private static void assertNoWarning(ForkedJvm.Result result) {
        for (String line : result.sockbufLines()) {
            assertFalse(line.startsWith("[sockbuf] WARNING"), "agent warned: " + line + "\n" + result);
        }
    }

    /** ::1 on lo, as the kernel lists it; without it the IPv6 test says loudly that it did not run. */
    private static void assumeIpv6Loopback() throws IOException {
        Path table = Paths.get("/proc/net/if_inet6");
        boolean present = false;
        if (Files.isReadable(table)) {
            for (String line : Files.readAllLines(table, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 6 && fields[0].equals("00000000000000000000000000000001") && fields[5].equals("lo")) {
                    present = true;
                }
            }
        }
        if (!present) {
            String message = "this machine has no IPv6 loopback (no ::1 on lo in /proc/net/if_inet6): the IPv6 test did NOT run";
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
    }
}
