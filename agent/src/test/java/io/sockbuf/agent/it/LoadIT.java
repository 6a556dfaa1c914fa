package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent under load: 64 threads open, use and close every kind of socket on loopback (each
 * thread goes through java.net Socket/ServerSocket, NIO, asynchronous channels, DatagramSocket and
 * DatagramChannel in turn) until they have opened {@value #SOCKETS} sockets, while another thread
 * keeps defining classes through fresh class loaders, so the agent's transformer runs all the time
 * too. One forked JVM per JDK proves, from {@code SocketProbe load}'s own counts and the agent's
 * exit summary: no deadlock, no exception, every socket sized, no retained heap, no thread left
 * behind. The run goes to a socket count, not for a fixed time, so a busy machine only makes it
 * longer (about 10 s per JDK on a quiet 2-core machine, plus a short run without the agent for
 * the thread list); the time cap is there to end a run that makes no progress.
 */
@Isolated("64 threads opening sockets saturate every core: other forked-JVM tests would only slow it and be slowed")
class LoadIT {

    static final int THREADS = 64;
    /** 1.6 MB if each socket retained 16 bytes: well above {@link #HEAP_TOLERANCE_BYTES}. */
    static final long SOCKETS = 100_000;
    /** Only a cap: a quiet 2-core machine needs about a tenth of it, a busy one a third. */
    static final long LOAD_CAP_MILLIS = 120_000;
    /** Enough to reach every kind of socket and start the same JDK threads as the long run. */
    static final long CONTROL_SOCKETS = 5_000;
    /** The probe's time cap, the 30 s it waits for stuck workers, start-up and the full GCs. */
    static final long JVM_TIMEOUT_SECONDS = LOAD_CAP_MILLIS / 1000 + 30 + 60;

    /**
     * Used heap after full GCs may grow this much over the load. Without the agent the JDK itself
     * grows by 0.1-0.4 MiB in this run (JIT and class metadata mirrored on the heap, the default
     * asynchronous channel group's extra threads, lazily grown JDK tables), and by as much with
     * the agent; a per-socket leak of even one 16-byte object over the 100,000s of sockets a run
     * opens would exceed 1 MiB (checked below against the count really reached, so a run cut
     * short by the time cap makes the check fail instead of passing blindly).
     */
    static final long HEAP_TOLERANCE_BYTES = 1024 * 1024;
    static final long SMALLEST_LEAK_BYTES = 16;

    /**
     * A JVM that never exits (a deadlock in a shutdown hook) fails at ForkedJvm's limit; this one
     * is the last resort above both runs' limits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    @Timeout(value = 2 * JVM_TIMEOUT_SECONDS + 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void underLoadWithClassLoadingChurnEverySocketIsSizedWithoutDeadlockErrorHeapGrowthOrLeftoverThread(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions(loadOptions(SOCKETS)).withTimeout(JVM_TIMEOUT_SECONDS)
                .withOptions("-Dprobe.expect.recv=" + TestSizes.RECV, "-Dprobe.expect.send=" + TestSizes.SEND)
                .run("load"); // ForkedJvm fails the test if the JVM has not exited in time: a deadlock
        Map<String, String> load = loadLines(run);
        String context = jdk + "\n" + run.stdout + "\n" + run.sockbufLines();

        assertEquals(0, run.exitCode, context);
        assertEquals("0", load.get("stuck"), "workers still running 30 s after the end: " + context);
        assertEquals("none", load.get("deadlocked"), context);
        assertEquals("0", load.get("errors"), context);

        long clients = count(load, "tcp-client");
        long listeners = count(load, "tcp-listener");
        long accepted = count(load, "tcp-accepted");
        long udp = count(load, "udp");
        assertTrue(clients > 0 && listeners > 0 && accepted > 0 && udp > 0, "every kind was opened: " + context);
        // Every socket the probe opened was sized by the agent, and counted once.
        assertEquals(ExitSummary.asRequested("tcp client", (int) clients, "tcp listener", (int) listeners, "tcp accepted", (int) accepted,
                "udp", (int) udp), ExitSummary.in(run).counts(), context);
        // ... and the probe saw the sizes itself on each of them (getsockopt).
        assertEquals("0", load.get("unsized"), context);

        long sockets = clients + listeners + accepted + udp;
        // The heap check is sized to the sockets really opened: it only means something when a
        // 16-byte leak per socket would exceed the tolerance (a run cut short by the cap fails here).
        assertTrue(sockets * SMALLEST_LEAK_BYTES > HEAP_TOLERANCE_BYTES,
                "only " + sockets + " sockets (" + load.get("opened") + "): too few for the heap check to see a per-socket leak\n" + context);
        long growth = count(load, "heap-after") - count(load, "heap-before");
        assertTrue(growth < HEAP_TOLERANCE_BYTES, "retained heap grew by " + growth + " bytes over " + sockets + " sockets\n" + context);

        // No thread left behind: the same threads as without the agent (digits aside), plus only the
        // agent's one log writer (README, Security).
        ForkedJvm.Result control = ForkedJvm.on(jdk).withOptions(loadOptions(CONTROL_SOCKETS)).withTimeout(JVM_TIMEOUT_SECONDS).run("load");
        assertEquals(0, control.exitCode, control.toString());
        TreeSet<String> expected = threads(loadLines(control));
        expected.add("sockbuf-log");
        assertEquals(expected, threads(load), jdk + ": threads alive at the end, without vs with the agent");
    }

    private static String[] loadOptions(long sockets) {
        return new String[] {"-Dprobe.threads=" + THREADS, "-Dprobe.sockets=" + sockets, "-Dprobe.millis=" + LOAD_CAP_MILLIS};
    }

    /** {@code load <key> <value>} lines of the probe. */
    private static Map<String, String> loadLines(ForkedJvm.Result run) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : run.stdout.split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].equals("load")) {
                lines.put(parts[1], parts[2]);
            }
        }
        return lines;
    }

    private static long count(Map<String, String> load, String key) {
        String value = load.get(key);
        assertTrue(value != null && value.matches("\\d+"), "probe printed no number for " + key + ": " + load);
        return Long.parseLong(value);
    }

    private static TreeSet<String> threads(Map<String, String> load) {
        return new TreeSet<>(Arrays.asList(load.get("threads-left").split(",")));
    }
}
