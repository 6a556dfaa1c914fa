package io.sockbuf.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.it.app.IsolatedNettyApp;
import io.sockbuf.it.app.NettyApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty 4.1's native epoll transport (netty-transport-native-epoll, linux-x86_64): its sockets are
 * made in JNI, never by the JDK. The app refuses to run unless {@code Epoll.isAvailable()}, so a
 * pass means epoll really carried the connection. The agent sizes client, listener and accepted
 * sockets in the Epoll*Channel constructors, before connect/listen, and applies rules that need an
 * address or port at Netty's connect and bind (AbstractEpollChannel.doConnect/doBind).
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
     * Rules that need a port reach epoll clients before connect and listeners before bind (and so
     * before listen): getsockopt and ss agree, and the client's line, written at connect, names
     * the address it connects to.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void portRulesReachEpollClientsBeforeConnectAndListenersBeforeBind(Jdk jdk) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("sockbuf-epoll-rules", ".json");
        ForkedJvm jvm = OwnedSockets.app(jdk, NettyApp.class).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k",
                "-Dsockbuf.rules=client:port=" + port + ":recv=16k; listener:port=" + port + ":recv=48k",
                "-Dsockbuf.log.format=json", "-Dsockbuf.log.file=" + log);
        try (ForkedJvm.Held held = jvm.hold("epoll@" + port)) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 epoll, port rules", jdk, held);
            assertEquals("ping", sockets.info("echo"));
            sockets.ownsExactly("listener", "client", "accepted")
                    .sized("listener", 48 * 1024, -1, "rule listener:port 48k")
                    .sized("client", 16 * 1024, SEND, "rule client:port 16k / 40k");
            assertEquals(port, sockets.get("listener").localPort);
            String text = JsonLog.settled(log);
            LogEvent client = JsonLog.of(text).lastPerSocket().values().stream().filter(e -> "client".equals(e.role()))
                    .findFirst().orElseThrow(() -> new AssertionError("no client event:\n" + text));
            assertEquals("127.0.0.1:" + port, client.remote(), client.toString());
            assertEquals(16 * 1024, client.recv().requested(), client.toString());
            assertTrue(!text.contains("Netty's native epoll transport is in use"), "apply: nothing to say about epoll:\n" + text);
            assertEquals(0, held.release().exitCode);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
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

    /**
     * Epoll events name their socket and its ends: the accepted channel's line has its local and
     * remote address (read from Netty's socket), so it is matched to the kernel's socket by ports;
     * the client's last line, written at connect, has the address it connects to, and its
     * host= rule. What the agent cannot do there (override mode) is said once at run time, as a warning.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void epollEventsCarryTheirEndsAndWhatCannotReachEpollIsSaidOnce(Jdk jdk) throws Exception {
        Path log = Files.createTempFile("sockbuf-epoll", ".json");
        ForkedJvm jvm = OwnedSockets.app(jdk, NettyApp.class).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k",
                "-Dsockbuf.mode=override", "-Dsockbuf.rules=client:host=127.0.0.1:recv=16k", "-Dsockbuf.log.format=json",
                "-Dsockbuf.log=debug", "-Dsockbuf.log.file=" + log);
        try (ForkedJvm.Held held = jvm.hold("epoll")) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 epoll, override + address rule", jdk, held);
            sockets.ownsExactly("listener", "client", "accepted");
            String text = JsonLog.settled(log);
            JsonLog events = JsonLog.of(text);
            Map<String, LogEvent> last = events.lastPerSocket();
            assertEquals(3, last.size(), "one socket identity per epoll channel:\n" + text);
            OwnedSockets.Socket accepted = sockets.get("accepted");
            LogEvent acceptedEvent = last.values().stream().filter(e -> "accepted".equals(e.role())).findFirst()
                    .orElseThrow(() -> new AssertionError("no accepted event:\n" + text));
            assertEquals("127.0.0.1:" + accepted.localPort, acceptedEvent.local(), acceptedEvent.toString());
            assertEquals("127.0.0.1:" + accepted.remotePort, acceptedEvent.remote(), acceptedEvent.toString());
            assertEquals(2L * acceptedEvent.send().effective(), accepted.kernel.sendBytes,
                    acceptedEvent + "\n" + accepted);
            LogEvent clientEvent = last.values().stream().filter(e -> "client".equals(e.role())).findFirst()
                    .orElseThrow(() -> new AssertionError("no client event:\n" + text));
            assertEquals("127.0.0.1:" + sockets.get("listener").localPort, clientEvent.remote(), clientEvent.toString());
            assertEquals(16 * 1024, clientEvent.recv().requested(), "the host= rule, applied at connect: " + clientEvent);
            assertEquals(2L * 16 * 1024, sockets.get("client").kernel.receiveBytes, clientEvent + "\n" + sockets.get("client"));

            List<LogEvent> epollWarnings = events.lines().stream()
                    .filter(line -> String.valueOf(line.message()).startsWith("Netty's native epoll transport is in use"))
                    .collect(Collectors.toList());
            assertEquals(1, epollWarnings.size(), "said once for three epoll channels:\n" + text);
            LogEvent warning = epollWarnings.get(0);
            assertEquals("warn", warning.level(), warning.toString());
            String message = warning.message();
            assertTrue(message.contains("mode override does not reach its sockets") && !message.contains("rules"), message);
            ForkedJvm.Result result = held.release();
            assertEquals(0, result.exitCode, result.toString());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** In apply without address rules the agent reaches epoll sockets in full: nothing to say. */
    @Test
    void inApplyWithoutAddressRulesNothingIsSaidAboutEpoll() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = epollApp(jdk, true)) {
            ForkedJvm.Result result = OwnedSockets.of("Netty 4.1 epoll, apply", jdk, held).release(true);
            assertTrue(!result.stderr.contains("Netty's native epoll transport is in use"), result.toString());
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
