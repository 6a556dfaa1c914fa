package io.sockbuf.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every TCP/UDP socket a held library app owns, seen twice: from inside (the app's getsockopt
 * census, see {@code io.sockbuf.it.app.AppProtocol}) and from the kernel ({@code ss -tuanmpi} for
 * the app's pid). Construction fails when the two lists differ, so no socket of that JVM escapes
 * the checks. Each check also writes a row of the socket table (target/socket-table.md).
 */
final class OwnedSockets {

    static final int RECV = 24 * 1024;
    static final int SEND = 40 * 1024;
    static final String[] AGENT = {"-Dsockbuf.recv=24k", "-Dsockbuf.send=40k"};
    /** The census reads every descriptor with the JDK's getsockopt wrapper, which lives in sun.nio.ch. */
    static final String CENSUS_ACCESS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String APP_CLASSPATH = System.getProperty("sockbuf.app.classpath", "target/test-classes");
    private static final String TABLE = System.getProperty("sockbuf.socket.table");

    /** One socket: the app's getsockopt values and ports, and the kernel's view of the same socket. */
    static final class Socket {
        final String role;
        final int receive;
        final int send;
        final int localPort;
        final int remotePort;
        final KernelView kernel;

        Socket(String role, Buffers values, Ports ports, KernelView kernel) {
            this.role = role;
            this.receive = values.recv;
            this.send = values.send;
            this.localPort = ports.local;
            this.remotePort = ports.remote;
            this.kernel = kernel;
        }

        boolean isListener() {
            return role.startsWith("listener");
        }

        @Override
        public String toString() {
            return role + " getsockopt recv=" + receive + " send=" + send + " ports " + localPort + "->" + remotePort + "; ss: " + kernel.raw.replaceAll("\\s+", " ");
        }
    }

    final String library;
    final Jdk jdk;
    final ForkedJvm.Held held;
    final Map<String, Socket> byRole = new LinkedHashMap<>();

    private OwnedSockets(String library, Jdk jdk, ForkedJvm.Held held) throws IOException, InterruptedException {
        this.library = library;
        this.jdk = jdk;
        this.held = held;
        List<KernelView> kernel = new ArrayList<>(KernelView.socketsOfProcess(held.pid()));
        for (Map.Entry<String, Ports> entry : held.ports.entrySet()) {
            Ports ports = entry.getValue();
            KernelView match = null;
            for (KernelView view : kernel) {
                if (view.localPort == ports.local && view.peerPort == ports.remote) {
                    match = view;
                }
            }
            if (match == null) {
                fail(context() + ": the app reports " + entry.getKey() + " " + ports
                        + " but ss shows no such socket of pid " + held.pid() + ": " + kernel + "\n" + held.stdout);
            }
            kernel.remove(match);
            byRole.put(entry.getKey(), new Socket(entry.getKey(), held.values.get(entry.getKey()), ports, match));
        }
        assertTrue(kernel.isEmpty(), context() + ": sockets the kernel lists for pid " + held.pid()
                + " that the app's census missed: " + kernel + "\n" + held.stdout);
    }

    /** Starts {@code main} (a library app of this module) on {@code jdk}, without the agent unless added. */
    static ForkedJvm app(Jdk jdk, Class<?> main) {
        return ForkedJvm.on(jdk).running(main.getName(), APP_CLASSPATH).withOptions(CENSUS_ACCESS);
    }

    /** The census of a held app, checked against the kernel's list of the app's sockets. */
    static OwnedSockets of(String library, Jdk jdk, ForkedJvm.Held held) throws IOException, InterruptedException {
        return new OwnedSockets(library, jdk, held);
    }

    /** The roles the app's JVM owns sockets in, exactly (e.g. listener, client, accepted). */
    OwnedSockets ownsExactly(String... roles) {
        assertEquals(new TreeSet<>(Arrays.asList(roles)), new TreeSet<>(byRole.keySet()),
                context() + ": roles of the sockets this JVM owns\n" + held.stdout);
        return this;
    }

    Socket get(String role) {
        Socket socket = byRole.get(role);
        assertTrue(socket != null, context() + ": no " + role + " socket\n" + held.stdout);
        return socket;
    }

    /**
     * The socket has these sizes inside (getsockopt) and in the kernel (ss rb/tb = twice that).
     * {@code send} is not checked for listeners: Java has no SO_SNDBUF on a listener; it is set on
     * each accepted socket.
     */
    OwnedSockets sized(String role, int receive, int send, String requested) {
        Socket socket = get(role);
        String context = context() + " " + socket;
        assertEquals(receive, socket.receive, context + ": SO_RCVBUF (getsockopt)");
        assertEquals(2L * receive, socket.kernel.receiveBytes, context + ": kernel rb");
        if (!socket.isListener()) {
            assertEquals(send, socket.send, context + ": SO_SNDBUF (getsockopt)");
            assertEquals(2L * send, socket.kernel.sendBytes, context + ": kernel tb");
        }
        record(socket, requested);
        return this;
    }

    /** Only records a socket's row in the table (for a check the caller makes itself). */
    OwnedSockets recorded(String role, String requested) {
        record(get(role), requested);
        return this;
    }

    /** The control without the agent: no socket has the sizes the agent would set; rows are recorded. */
    OwnedSockets keptKernelDefaults() {
        for (Socket socket : byRole.values()) {
            String context = context() + " " + socket;
            assertTrue(socket.receive != RECV && socket.kernel.receiveBytes != 2L * RECV, context + ": recv without the agent");
            if (!socket.isListener()) {
                assertTrue(socket.send != SEND && socket.kernel.sendBytes != 2L * SEND, context + ": send without the agent");
            }
            record(socket, "nothing (no agent)");
        }
        return this;
    }

    /**
     * The receive window scale this connection chose in its handshake: Linux fixes it from the
     * receive buffer present at the SYN (client) or SYN-ACK (accepted, from the listener). With a
     * small locked buffer (24k or 32k here) it is 0; with the default buffer it is larger.
     */
    int windowScale(String role) {
        return get(role).kernel.receiveWindowScale;
    }

    OwnedSockets handshookWithTheSmallBuffer(String... roles) {
        for (String role : roles) {
            assertEquals(0, windowScale(role), context() + " " + role + ": window scale at the handshake (0 = small buffer was in place): " + get(role).kernel);
        }
        return this;
    }

    OwnedSockets handshookWithTheDefaultBuffer(String... roles) {
        for (String role : roles) {
            assertTrue(windowScale(role) > 0, context() + " " + role + ": expected the default (larger) window scale: " + get(role).kernel);
        }
        return this;
    }

    /** What the library reports itself for a role ({@code api-<role>} line). */
    Buffers libraryView(String role) {
        Buffers values = held.values.get("api-" + role);
        assertTrue(values != null, context() + ": the app printed no api-" + role + " line\n" + held.stdout);
        return values;
    }

    /** An {@code info <key> <value>} line the app printed. */
    String info(String key) {
        for (String line : held.stdout.split("\n")) {
            if (line.startsWith("info " + key + " ")) {
                return line.substring(("info " + key + " ").length());
            }
        }
        return fail(context() + ": the app printed no 'info " + key + "' line\n" + held.stdout);
    }

    /** Releases the app: it closes everything and exits 0; with the agent its exit summary is there. */
    ForkedJvm.Result release(boolean withAgent) throws Exception {
        ForkedJvm.Result result = held.release();
        assertEquals(0, result.exitCode, context() + " exit\n" + result);
        if (withAgent) {
            assertTrue(result.stderr.contains("[sockbuf] at exit:"), context() + ": no agent exit summary\n" + result);
        } else {
            assertTrue(result.sockbufLines().isEmpty(), context() + ": agent lines without the agent\n" + result);
        }
        return result;
    }

    private String context() {
        return library + " on " + jdk;
    }

    /** A row of target/socket-table.md: library, JDK, role, requested, getsockopt, ss rb/tb, window scale. */
    private void record(Socket socket, String requested) {
        synchronized (OwnedSockets.class) { // test classes run in parallel: one header, whole rows
            appendRow(socket, requested);
        }
    }

    private void appendRow(Socket socket, String requested) {
        if (TABLE == null) {
            return;
        }
        String row = "| " + library + " | " + jdk.feature + " | " + socket.role + " | " + requested
                + " | " + socket.receive + " / " + (socket.isListener() ? "-" : String.valueOf(socket.send))
                + " | " + socket.kernel.receiveBytes + " / " + socket.kernel.sendBytes
                + " | " + (socket.kernel.receiveWindowScale < 0 ? "-" : String.valueOf(socket.kernel.receiveWindowScale)) + " |\n";
        try {
            if (!Files.exists(Paths.get(TABLE))) {
                row = "| library | JDK | role | requested | getsockopt recv / send | ss rb / tb | rcv wscale |\n"
                        + "| --- | --- | --- | --- | --- | --- | --- |\n" + row;
            }
            Files.write(Paths.get(TABLE), row.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
