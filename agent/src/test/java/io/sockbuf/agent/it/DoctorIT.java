package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.BulkJvm;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.LiveJvm;
import io.sockbuf.agent.testkit.MiniJson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code java -jar sockbuf-agent.jar doctor PID} against {@link io.sockbuf.agent.probe.BulkProbe}
 * (a loopback listener, client and accepted socket in one JVM; with {@code bulk}, the client
 * writes without pause and the accepted side reads 4 KiB per 2 ms). Verdicts that depend on
 * traffic are polled until they hold, within a generous cap, never judged after a fixed time.
 * The CLI runs on the target's JDK; the two central cases on JDK 11, 17 and 25.
 */
class DoctorIT {

    private static final Jdk JDK = Jdks.current();
    private static final long CAP_MILLIS = 120_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aSlowReaderWithRecv4kMakesTheSenderRwndLimitedAndTheReceiverRecvLockedAndWindowCapped(Jdk jdk) throws Exception {
        try (BulkJvm probe = BulkJvm.start(jdk, "bulk", LiveJvm.agent(), "-Dsockbuf.recv=4k")) {
            List<Map<String, Object>> report = until(jdk, probe, lines -> hasAdvice(role(lines, "client"), "rwnd-limited"));

            Map<String, Object> sender = role(report, "client");
            assertTrue(number(sender, "rwnd_limited_pct") > 0, sender.toString());
            Map<String, Object> receiver = role(report, "accepted");
            assertEquals(8192.0, buffer(receiver, "recv").get("bytes"), receiver.toString());
            assertEquals(Boolean.TRUE, buffer(receiver, "recv").get("locked"), receiver.toString());
            assertEquals("agent", buffer(receiver, "recv").get("set_by"), receiver.toString());
            assertTrue(hasAdvice(receiver, "recv-locked"), receiver.toString());
            Map<String, Object> capped = advice(receiver, "window-capped");
            int scale = ((Double) wscale(receiver).get("recv")).intValue();
            double window = Math.min(65535L << scale, 8192);
            double expectedCap = window * 8 / (number(receiver, "rtt_ms") / 1000);
            assertEquals(expectedCap, (Double) capped.get("cap_bps"), expectedCap * 1e-6, capped.toString());
            assertTrue(((String) capped.get("text")).contains(") = " + (long) window + " bytes"), capped.toString());
            assertEquals("attach-listener=true", probe.threads(), "control: asking the agent that runs there attaches");
        }
    }

    @Test
    void theSameRunWithRecvUnsetIsNeitherRecvLockedNorWindowCapped() throws Exception {
        try (BulkJvm probe = BulkJvm.start(JDK, "bulk", LiveJvm.agent())) {
            List<Map<String, Object>> report = until(JDK, probe, lines -> number(role(lines, "client"), "busy_ms") >= 2000);

            for (Map<String, Object> socket : report) {
                assertFalse(hasAdvice(socket, "recv-locked"), socket.toString());
                assertFalse(hasAdvice(socket, "window-capped"), socket.toString());
                assertFalse(Boolean.TRUE.equals(buffer(socket, "recv").get("locked")), socket.toString());
            }
            Map<String, Object> listener = role(report, "listener");
            assertEquals("kernel default", buffer(listener, "recv").get("set_by"), listener.toString());
        }
    }

    @Test
    void aRequestAboveRmemMaxGivesTheSysctlLine() throws Exception {
        long rmemMax = Long.parseLong(new String(read("/proc/sys/net/core/rmem_max")).trim());
        Assumptions.assumeTrue(rmemMax < (1L << 29), "rmem_max too large to request above it: " + rmemMax);
        long request = 2 * rmemMax;
        try (BulkJvm probe = BulkJvm.start(JDK, "idle", LiveJvm.agent(), "-Dsockbuf.recv=" + request)) {
            List<Map<String, Object>> report = doctorJson(JDK, probe.pid());

            Map<String, Object> client = role(report, "client");
            assertEquals((double) (2 * rmemMax), buffer(client, "recv").get("bytes"), client.toString());
            Map<String, Object> cap = advice(client, "sysctl-cap");
            assertEquals("sysctl -w net.core.rmem_max=" + request, cap.get("command"), cap.toString());
            assertTrue(((String) cap.get("text")).contains("above net.core.rmem_max = " + rmemMax), cap.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aJvmWithoutTheAgentGetsKernelFactsAndAdviceButIsNotAttachedTo(Jdk jdk) throws Exception {
        try (BulkJvm probe = BulkJvm.start(jdk, "bulk")) {
            File attachFile = new File("/tmp/.java_pid" + probe.pid());
            List<Map<String, Object>> report = until(jdk, probe, lines -> hasAdvice(role(lines, "client"), "rwnd-limited"));

            assertEquals(3, report.size(), report.toString());
            for (Map<String, Object> socket : report) {
                assertEquals("unknown", buffer(socket, "recv").get("set_by"), socket.toString());
                assertEquals("unknown", buffer(socket, "send").get("set_by"), socket.toString());
                assertNotNull(buffer(socket, "recv").get("bytes"), socket.toString());
            }
            assertNotNull(wscale(role(report, "accepted")), report.toString());
            ForkedJvm.Result text = LiveJvm.cli(jdk, "doctor", probe.pid());
            assertEquals(0, text.exitCode, text.toString());
            assertTrue(text.stdout.contains("sockbuf does not run there (not attached to"), text.toString());
            assertTrue(text.stdout.contains("[rwnd-limited]"), text.toString());
            assertFalse(attachFile.exists(), "the attach handshake file appeared: " + attachFile);
            assertEquals("attach-listener=false", probe.threads(), "the probe JVM started an Attach Listener thread");
        }
    }

    @Test
    void attachIsRefusedForAProcessThatIsNotAJvm() throws Exception {
        // sleep ends on SIGQUIT, which the Attach API sends to wake a JVM's attach listener.
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            ForkedJvm.Result result = LiveJvm.cli(JDK, "doctor", sleep.pid(), "--attach");

            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.stdout.contains("could not ask sockbuf in process " + sleep.pid() + ": process " + sleep.pid()
                    + " does not catch SIGQUIT"), "the same check as attach and status: " + result);
            assertTrue(result.stdout.contains("nothing was sent to it"), result.toString());
            assertTrue(result.stdout.contains("process " + sleep.pid() + ": 0 TCP sockets"), result.toString());
            assertTrue(sleep.isAlive(), "doctor --attach ended a process that is not a JVM");
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void jsonLinesParseAndTheirNumbersAreSs() throws Exception {
        try (BulkJvm probe = BulkJvm.start(JDK, "bulk", LiveJvm.agent(), "-Dsockbuf.recv=4k", "-Dsockbuf.send=64k")) {
            List<Map<String, Object>> report = until(JDK, probe, lines -> number(role(lines, "client"), "busy_ms") > 0);
            String ss = ss();

            assertEquals(3, report.size(), report.toString());
            for (Map<String, Object> socket : report) {
                long inode = ((Double) socket.get("inode")).longValue();
                String entry = entryOf(ss, inode);
                assertEquals(group(entry, "\\brb(\\d+)"), ((Double) buffer(socket, "recv").get("bytes")).longValue(), entry);
                assertEquals(group(entry, "\\btb(\\d+)"), ((Double) buffer(socket, "send").get("bytes")).longValue(), entry);
                if (!socket.get("role").equals("listener")) {
                    assertEquals(group(entry, "wscale:(\\d+),"), ((Double) wscale(socket).get("send")).longValue(), entry);
                    assertEquals(group(entry, "wscale:\\d+,(\\d+)"), ((Double) wscale(socket).get("recv")).longValue(), entry);
                    assertLoosely(Double.parseDouble(find(entry, "\\brtt:([\\d.]+)/")), number(socket, "rtt_ms"), entry);
                }
            }
            // The agent gives the listener the accepted sockets' send size: its tb is the agent's, locked.
            Map<String, Object> listener = role(report, "listener");
            assertEquals(2 * 65536.0, buffer(listener, "send").get("bytes"), listener.toString());
            assertEquals("agent", buffer(listener, "send").get("set_by"), listener.toString());
            assertEquals(Boolean.TRUE, buffer(listener, "send").get("locked"), listener.toString());
            Map<String, Object> sender = role(report, "client");
            String senderEntry = entryOf(ss, ((Double) sender.get("inode")).longValue());
            assertLoosely(group(senderEntry, "delivery_rate (\\d+)bps"), number(sender, "delivery_rate_bps"), senderEntry);
            assertLoosely(group(senderEntry, "busy:(\\d+)ms"), number(sender, "busy_ms"), senderEntry);
        }
    }

    @Test
    void withoutSsTheProcNetTcpTableStillFindsTheSockets() throws Exception {
        try (BulkJvm probe = BulkJvm.start(JDK, "idle")) {
            ForkedJvm.Result result = LiveJvm.cli(JDK, "doctor", probe.pid(), "--ss", "/nonexistent/ss");

            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.stdout.contains("note: /nonexistent/ss (iproute2) cannot be run"), result.toString());
            assertTrue(result.stdout.contains("showing what /proc/net/tcp gives"), result.toString());
            assertTrue(result.stdout.contains("listener  [::ffff:127.0.0.1]:" + probe.listenerPort + "  LISTEN")
                    || result.stdout.contains("listener  127.0.0.1:" + probe.listenerPort + "  LISTEN"), result.toString());
            assertTrue(result.stdout.contains("3 TCP sockets"), result.toString());
        }
    }

    @Test
    void watchPrintsRatesSinceTheLastSample() throws Exception {
        try (BulkJvm probe = BulkJvm.start(JDK, "bulk")) {
            ForkedJvm.Result result = LiveJvm.cli(JDK, "doctor", probe.pid(), "--watch", "1", "--samples", "2");

            assertEquals(0, result.exitCode, result.toString());
            assertEquals(2, linesStartingWith(result.stdout, "--- "), result.toString());
            Matcher sent = Pattern.compile("  last [\\d.]+ s: sent ([\\d.]+) (\\w)bit/s").matcher(result.stdout);
            assertTrue(sent.find(), result.toString());
        }
    }

    @Test
    void versionAndUsage() throws Exception {
        ForkedJvm.Result version = LiveJvm.cli(JDK, "--version");
        assertEquals(0, version.exitCode, version.toString());
        assertTrue(version.stdout.matches("sockbuf \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), version.toString());
        assertEquals(version.stdout, LiveJvm.cli(JDK, "version").stdout);

        ForkedJvm.Result usage = LiveJvm.cli(JDK, "doctor");
        assertEquals(2, usage.exitCode, usage.toString());
        assertTrue(usage.stderr.contains("doctor needs the process id"), usage.toString());
        assertTrue(LiveJvm.cli(JDK, "help").stdout.contains("  doctor PID [--json] [--watch S]"));
    }

    // --- helpers

    private static List<Map<String, Object>> doctorJson(Jdk jdk, long pid) throws Exception {
        ForkedJvm.Result result = LiveJvm.cli(jdk, "doctor", pid, "--json");
        assertEquals(0, result.exitCode, result.toString());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : result.stdout.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(MiniJson.object(line));
            }
        }
        return lines;
    }

    /** Runs doctor --json until the condition holds; fails with the last report after the cap. */
    private static List<Map<String, Object>> until(Jdk jdk, BulkJvm probe, Predicate<List<Map<String, Object>>> condition)
            throws Exception {
        long deadline = System.currentTimeMillis() + CAP_MILLIS;
        List<Map<String, Object>> report = null;
        while (System.currentTimeMillis() < deadline) {
            report = doctorJson(jdk, probe.pid());
            if (role(report, "client") != null && condition.test(report)) {
                return report;
            }
            Thread.sleep(500);
        }
        fail("the condition did not hold within " + CAP_MILLIS / 1000 + " s; last report: " + report + "\n" + probe.stderr());
        return null;
    }

    private static Map<String, Object> role(List<Map<String, Object>> report, String role) {
        for (Map<String, Object> socket : report) {
            if (role.equals(socket.get("role"))) {
                return socket;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> buffer(Map<String, Object> socket, String direction) {
        return (Map<String, Object>) socket.get(direction);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wscale(Map<String, Object> socket) {
        return (Map<String, Object>) socket.get("wscale");
    }

    private static double number(Map<String, Object> socket, String field) {
        Object value = socket == null ? null : socket.get(field);
        return value == null ? -1 : (Double) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> advice(Map<String, Object> socket, String code) {
        for (Object piece : (List<Object>) socket.get("advice")) {
            if (code.equals(((Map<String, Object>) piece).get("code"))) {
                return (Map<String, Object>) piece;
            }
        }
        fail("no " + code + " advice: " + socket);
        return null;
    }

    @SuppressWarnings("unchecked")
    private static boolean hasAdvice(Map<String, Object> socket, String code) {
        if (socket == null) {
            return false;
        }
        for (Object piece : (List<Object>) socket.get("advice")) {
            if (code.equals(((Map<String, Object>) piece).get("code"))) {
                return true;
            }
        }
        return false;
    }

    /** Rates and RTT move between doctor's ss run and this one: the same order of magnitude. */
    private static void assertLoosely(double ss, double doctor, String entry) {
        assertTrue(doctor > 0 && ss > 0 && doctor / ss < 10 && ss / doctor < 10, "doctor " + doctor + ", ss " + ss + ": " + entry);
    }

    private static String ss() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ss", "-tinmeaH").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "ss did not finish");
        return out.replaceAll("\n[ \t]+", " ");
    }

    private static String entryOf(String ss, long inode) {
        for (String line : ss.split("\n")) {
            if (line.contains(" ino:" + inode + " ")) {
                return line;
            }
        }
        fail("ss has no socket with inode " + inode + ":\n" + ss);
        return null;
    }

    private static long group(String text, String regex) {
        return Long.parseLong(find(text, regex));
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex + " not in " + text);
        return matcher.group(1);
    }

    private static long linesStartingWith(String text, String start) {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith(start)).count();
    }

    private static byte[] read(String path) throws IOException {
        try (java.io.InputStream in = new java.io.FileInputStream(path)) {
            return in.readAllBytes();
        }
    }
}
