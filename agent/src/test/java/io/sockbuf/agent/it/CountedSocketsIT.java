package io.sockbuf.agent.it;

import io.sockbuf.agent.probe.CountedCycles;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sockets that get no line are counted by what the kernel's limits say it grants instead of
 * reading each one back with getsockopt (one in 1,024 is read to check): the exit counts stay
 * exact for every outcome the limits explain, and getsockopt is left out.
 */
class CountedSocketsIT {

    private static final int N = CountedCycles.CYCLES;

    /**
     * Every socket counted as requested; thousands of channels in, each direction still gets its own
     * size, set below setOption by then (NativeBufferWriter). The lookup, done amid NIO channels,
     * loads no java.net impl class before its trigger: the java.net pair that comes last finds it
     * woven as it loads, not retransformed (which would keep a transformer registered for good).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void sizesWithinTheLimitsAreCountedAsRequestedAndSetBelowSetOptionPastTheLookup(Jdk jdk) throws Exception {
        File classLoads = Files.createTempFile("sockbuf-class-load", ".log").toFile();
        classLoads.deleteOnExit();
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k")
                .withOptions("-Xlog:class+load=info:file=" + classLoads.getPath())
                .running(CountedCycles.class.getName(), ForkedJvm.probeClasses()).run("cycles");
        assertSummary(run, "as requested");
        String loads = new String(Files.readAllBytes(classLoads.toPath()), StandardCharsets.UTF_8);
        assertFalse(loads.contains("sun.nio.ch.NioSocketImpl source: __VM_RedefineClasses__"), "NioSocketImpl was retransformed:\n" + run);
        assertEquals(24576, run.values().get("last-udp").recv, run.toString());
        assertEquals(40960, run.values().get("last-udp").send, run.toString());
        assertEquals(24576, run.values().get("last-client").recv, run.toString());
        assertEquals(40960, run.values().get("last-client").send, run.toString());
        assertEquals(40960, run.values().get("last-accepted").send, run.toString());
        assertEquals(24576, run.values().get("last-socket-client").recv, run.toString());
        assertEquals(40960, run.values().get("last-socket-client").send, run.toString());
        assertEquals(40960, run.values().get("last-socket-accepted").send, run.toString());
        assertTrue(run.stdout.contains("below-setOption true"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void sizesAboveTheCeilingsAreCountedAsCapped(Jdk jdk) throws Exception {
        long rmemMax = sysctl("rmem_max");
        long wmemMax = sysctl("wmem_max");
        ForkedJvm.Result run = cycles(jdk, "-Dsockbuf.recv=" + 2 * rmemMax, "-Dsockbuf.send=" + 2 * wmemMax);
        assertSummary(run, "capped");
        assertEquals(rmemMax, run.values().get("last-client").recv, run.toString());
        assertEquals(wmemMax, run.values().get("last-accepted").send, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void sizesBelowTheMinimumAreCountedAsRaised(Jdk jdk) throws Exception {
        assertSummary(cycles(jdk, "-Dsockbuf.recv=1", "-Dsockbuf.send=1"), "raised");
    }

    /** Before: every socket read back, 4 getsockopt per connect/accept cycle and 2 per UDP socket (some 18,000 here). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void socketsThatAreOnlyCountedAreNotReadBack(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/strace").canExecute(), "needs strace");
        File counts = Files.createTempFile("sockbuf-strace", ".txt").toFile();
        counts.deleteOnExit();
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=64k", "-Dsockbuf.send=64k")
                .under("/usr/bin/strace", "-f", "-c", "-e", "trace=getsockopt", "-o", counts.getPath())
                .running(CountedCycles.class.getName(), ForkedJvm.probeClasses()).run("cycles");
        assertSummary(run, "as requested");
        long calls = getsockoptCalls(new String(Files.readAllBytes(counts.toPath()), StandardCharsets.US_ASCII));
        assertTrue(calls < N / 10, calls + " getsockopt calls for " + 3 * N + " sockets:\n" + run);
    }

    private static ForkedJvm.Result cycles(Jdk jdk, String... settings) throws Exception {
        return ForkedJvm.on(jdk).withAgent(settings).running(CountedCycles.class.getName(), ForkedJvm.probeClasses()).run("cycles");
    }

    /** Every socket counted, each under the one outcome its sizes had. */
    private static void assertSummary(ForkedJvm.Result run, String outcome) {
        assertEquals(0, run.exitCode, run.toString());
        int clients = CountedCycles.CLIENTS;
        int listeners = CountedCycles.LISTENERS;
        assertTrue(run.stderr.contains("at exit: tcp client " + clients + " (" + clients + " " + outcome + "); tcp listener " + listeners
                + " (" + listeners + " " + outcome + "); tcp accepted " + clients + " (" + clients + " " + outcome + "); udp " + N + " ("
                + N + " " + outcome + ")"), run.toString());
    }

    private static long sysctl(String name) throws Exception {
        // A plain read: Files.readAllBytes trusts the size procfs reports and returns too little.
        try (java.io.InputStream in = new java.io.FileInputStream("/proc/sys/net/core/" + name)) {
            return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    /** The calls column of strace -c's getsockopt row ({@code % time seconds usecs/call calls [errors] syscall}). */
    private static long getsockoptCalls(String summary) {
        for (String line : summary.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 5 && columns[columns.length - 1].equals("getsockopt")) {
                return Long.parseLong(columns[3]);
            }
        }
        throw new AssertionError("no getsockopt row in:\n" + summary);
    }
}
