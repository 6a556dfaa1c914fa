package io.sockbuf.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.it.app.LibrariesApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three libraries that set their own buffer sizes (see {@link LibrariesApp}: Jetty 12.1 on its
 * accepted sockets after accept, Apache HttpClient 5.1 and OkHttp 4.12 on their client sockets
 * before connect) under the agent in apply, override and observe, with the JSON log at debug.
 * While every socket is open, each socket's last JSON event must say what the kernel holds
 * ({@code ss} rb/tb, matched by the event's local/remote ports): exactly twice the effective size
 * where someone set it (locked), at least that where nobody did (autotuning may grow it). After
 * exit the summary must count each socket once, by its last event's outcome. On JDK 11, where
 * Jetty 12 does not run, the server is the JDK's HttpServer, which sets nothing.
 */
class LibrariesSetTheirOwnSizesIT {

    static Stream<Arguments> jdksAndModes() {
        return Jdks.matrix().flatMap(jdk -> Stream.of("apply", "override", "observe").map(mode -> Arguments.of(jdk, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndModes")
    void everySocketsLastEventIsWhatTheKernelHoldsAndTheSummaryCountsEachSocketOnce(Jdk jdk, String mode) throws Exception {
        Path logFile = Files.createTempFile("sockbuf-libraries", ".json");
        Files.delete(logFile);
        ForkedJvm jvm = OwnedSockets.app(jdk, LibrariesApp.class).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k",
                "-Dsockbuf.mode=" + mode, "-Dsockbuf.log.format=json", "-Dsockbuf.log=debug", "-Dsockbuf.log.file=" + logFile);
        try (ForkedJvm.Held held = jvm.hold("libraries")) {
            String library = "Jetty/HttpClient 5/OkHttp, " + mode;
            OwnedSockets sockets = OwnedSockets.of(library, jdk, held);
            boolean jetty = sockets.info("server").equals("jetty");
            assertEquals(jdk.feature >= 17, jetty, "Jetty 12 on Java 17+");
            sockets.ownsExactly("listener", "client", "accepted", "client-2", "accepted-2");
            String log = JsonLog.settled(logFile);
            Map<String, LogEvent> last = JsonLog.of(log).lastPerSocket();
            Map<OwnedSockets.Socket, LogEvent> bySocket = match(sockets, last, log);

            // an accepted socket's inherited receive buffer is locked when the listener's is
            boolean listenerLocked = !"kernel default".equals(bySocket.get(listener(sockets)).recv().setBy());
            for (Map.Entry<OwnedSockets.Socket, LogEvent> entry : bySocket.entrySet()) {
                holdsWhatTheKernelHolds(entry.getKey(), entry.getValue(), "recv", listenerLocked, log);
                if (!entry.getKey().isListener()) {
                    holdsWhatTheKernelHolds(entry.getKey(), entry.getValue(), "send", listenerLocked, log);
                }
            }

            // whose size each library's socket has, per mode
            int httpClientPort = Integer.parseInt(sockets.info("httpclient-port"));
            int okHttpPort = Integer.parseInt(sockets.info("okhttp-port"));
            boolean override = mode.equals("override");
            boolean observe = mode.equals("observe");
            // the listener holds the accepted sockets' send size, which they inherit (unknown to the log in observe: not readable)
            expect(bySocket, listener(sockets), observe ? "kernel default" : "agent", observe ? -1 : RECV,
                    observe ? null : "agent", -1, "Jetty listener");
            if (!observe) {
                assertEquals(2L * SEND, listener(sockets).kernel.sendBytes, "the listener's tb: " + listener(sockets));
                assertEquals(SEND, bySocket.get(listener(sockets)).send().effective(), "the listener's last event");
            }
            for (int clientPort : new int[] {httpClientPort, okHttpPort}) {
                String who = clientPort == httpClientPort ? "HttpClient 5" : "OkHttp";
                int[] app = clientPort == httpClientPort ? new int[] {LibrariesApp.HTTPCLIENT_RECV, LibrariesApp.HTTPCLIENT_SEND}
                        : new int[] {LibrariesApp.OKHTTP_RECV, LibrariesApp.OKHTTP_SEND};
                expect(bySocket, byPorts(sockets, clientPort, -1), override ? "agent" : "application", override ? RECV : app[0],
                        override ? "agent" : "application", override ? SEND : app[1], who + " client");
                if (jetty) {
                    // override keeps the agent's send (inherited from the listener), and replaces Jetty's recv with the agent's 24k
                    expect(bySocket, byPorts(sockets, -1, clientPort), override ? "listener" : "application",
                            override ? RECV : LibrariesApp.JETTY_RECV, override ? "listener" : "application",
                            override ? SEND : LibrariesApp.JETTY_SEND, "Jetty accepted from " + who);
                } else {
                    expect(bySocket, byPorts(sockets, -1, clientPort), "listener", observe ? -1 : RECV,
                            observe ? "kernel default" : "listener", observe ? -1 : SEND, "JDK HttpServer accepted from " + who);
                }
            }

            ForkedJvm.Result result = held.release();
            assertEquals(0, result.exitCode, result.toString());
            String whole = new String(Files.readAllBytes(logFile), java.nio.charset.StandardCharsets.UTF_8);
            JsonLog wholeLog = JsonLog.of(whole);
            Map<String, LogEvent> lastAtExit = wholeLog.lastPerSocket();
            Map<String, Map<String, Integer>> summary = wholeLog.exitSummary().counts();
            assertEquals(wholeLog.countsByLastEvent(), summary, "the exit summary counts each socket once, by its last event\n" + whole);
            assertEquals(5, lastAtExit.size(), "one event stream per socket:\n" + whole);
        } finally {
            Files.deleteIfExists(logFile);
        }
    }

    /**
     * Each socket of the census gets the last event that names its ports: accepted sockets by local
     * and remote port; a client's line is written at connect, before the kernel picks its local
     * port, so by its remote port and, among the clients of one server, by its sizes; the listener
     * (its line is written at creation, before bind) by being the only one.
     */
    private static Map<OwnedSockets.Socket, LogEvent> match(OwnedSockets sockets, Map<String, LogEvent> last, String log) {
        Map<OwnedSockets.Socket, LogEvent> bySocket = new LinkedHashMap<>();
        List<OwnedSockets.Socket> unmatched = new ArrayList<>(sockets.byRole.values());
        for (LogEvent event : last.values()) {
            int local = event.localPort();
            int remote = event.remotePort();
            OwnedSockets.Socket found = null;
            for (OwnedSockets.Socket socket : unmatched) {
                boolean ports = (local < 0 || socket.localPort == local) && (remote < 0 || socket.remotePort == remote);
                boolean role = socket.role.startsWith(event.role());
                if (ports && role && (local >= 0 || sizesAgree(socket, event))) {
                    found = socket;
                    break;
                }
            }
            if (found == null) {
                fail("no socket of the census for the last event " + event + "\nsockets: " + unmatched + "\nlog:\n" + log);
            }
            unmatched.remove(found);
            bySocket.put(found, event);
        }
        assertTrue(unmatched.isEmpty(), "sockets without an event: " + unmatched + "\nlog:\n" + log);
        return bySocket;
    }

    private static boolean sizesAgree(OwnedSockets.Socket socket, LogEvent event) {
        return event.recv().effective() == socket.receive
                && (socket.isListener() || event.send().effective() == socket.send);
    }

    /** ss rb/tb against the event: exactly twice the effective size when set (locked); at least that when nobody set it. */
    private static void holdsWhatTheKernelHolds(OwnedSockets.Socket socket, LogEvent event, String name,
                                                boolean listenerLocked, String log) {
        LogEvent.Sizes direction = event.direction(name);
        int effective = direction.effective();
        long kernel = name.equals("recv") ? socket.kernel.receiveBytes : socket.kernel.sendBytes;
        int inside = name.equals("recv") ? socket.receive : socket.send;
        String context = socket + "\nlast event: " + event + "\n" + name;
        assertEquals(2L * effective, direction.kernel(), context + ": the event's kernel number is twice its effective");
        String setBy = direction.setBy();
        if ("kernel default".equals(setBy) || "listener".equals(setBy) && !listenerLocked) {
            assertTrue(kernel >= 2L * effective, context + ": unlocked, ss may show more (autotuning), never less");
        } else {
            assertEquals(2L * effective, kernel, context + ": locked, ss holds exactly what the event says\n" + log);
            assertEquals(effective, inside, context + ": getsockopt in the app");
        }
    }

    private static OwnedSockets.Socket listener(OwnedSockets sockets) {
        return sockets.get("listener");
    }

    private static OwnedSockets.Socket byPorts(OwnedSockets sockets, int localPort, int remotePort) {
        for (OwnedSockets.Socket socket : sockets.byRole.values()) {
            if ((localPort < 0 || socket.localPort == localPort) && (remotePort < 0 || socket.remotePort == remotePort)) {
                return socket;
            }
        }
        return fail("no socket with ports " + localPort + " -> " + remotePort + ": " + sockets.byRole.values());
    }

    /** The socket's last event names who set each direction, and the socket holds that size ({@code -1}: the kernel's, not checked). */
    private static void expect(Map<OwnedSockets.Socket, LogEvent> bySocket, OwnedSockets.Socket socket,
                               String receiveSetBy, int receive, String sendSetBy, int send, String what) {
        LogEvent event = bySocket.get(socket);
        String context = what + ": " + socket + "\nlast event: " + event;
        assertEquals(receiveSetBy, event.recv().setBy(), context);
        if (receive >= 0) {
            assertEquals(receive, socket.receive, context);
        }
        if (sendSetBy != null) {
            assertEquals(sendSetBy, event.send().setBy(), context);
        }
        if (send >= 0) {
            assertEquals(send, socket.send, context);
        }
    }
}
