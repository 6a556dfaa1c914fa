package io.sockbuf.agent.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar sockbuf-agent.jar list | attach | status} against a running probe JVM, through
 * the shaded jar, with the CLI on the same JDK as the target.
 */
class AttachIT {

    static final String HOOKS_ONCE = "its hooks are installed once and stay; settings updated:";
    static final String OPEN_SOCKETS_NOTE = "Sockets already open keep their sizes and TCP window scale";
    static final String DYNAMIC_AGENT_WARNING = "WARNING: A Java agent has been loaded dynamically";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void attachSizesSocketsOpenedAfterwardsAndLeavesOpenOnesAlone(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            Map<String, int[]> before = probe.open("before");
            assertFalse(probe.stderr().contains("[sockbuf]"), probe.stderr());

            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k");

            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.startsWith("Attached to JVM " + probe.pid() + " (Java "), attach.toString());
            assertTrue(attach.stdout.contains("started: hooks installed; recv 24576 bytes (agent argument recv=24k),"
                    + " send 40960 bytes (agent argument send=40k)."), attach.toString());
            assertTrue(attach.stdout.contains(OPEN_SOCKETS_NOTE + " (fixed in their handshake); only sockets opened from now on"
                    + " get the new sizes."), attach.toString());
            assertTrue(attach.stdout.contains("JDK 21 and newer print a warning when an agent is loaded into a running JVM (JEP 451)"),
                    attach.toString());
            assertTrue(attach.stdout.contains("-XX:+EnableDynamicAgentLoading"), attach.toString());

            Map<String, int[]> after = probe.open("after");
            assertEquals(24576, after.get("after-listener")[0], probe.stderr());
            assertArrayEquals(new int[] {24576, 40960}, after.get("after-client"), probe.stderr());
            assertArrayEquals(new int[] {24576, 40960}, after.get("after-accepted"), probe.stderr());
            assertArrayEquals(new int[] {24576, 40960}, after.get("after-nio-client"), probe.stderr());
            assertSameValues(before, probe.report("before"));
            assertTrue(probe.stderr().contains("[sockbuf] loaded into a running JVM: sockets already open keep their sizes"
                    + " and TCP window scale; only sockets opened from now on get these sizes."), probe.stderr());
        }
    }

    /**
     * Sockets created before {@code attach} and connected after it: their connect runs through the
     * hook, so they are sized there, before the handshake; one the application sized itself keeps
     * its size, and no line reports an outcome the agent did not cause.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void aSocketCreatedBeforeAttachAndConnectedAfterIsSizedAtConnect(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            probe.prepare("early");
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k", "log=debug");
            assertEquals(0, attach.exitCode, attach.toString());
            Map<String, int[]> connected = probe.connect("early");
            assertArrayEquals(new int[] {24576, 40960}, connected.get("early-late-client"), probe.stderr());
            assertArrayEquals(new int[] {24576, 40960}, connected.get("early-late-nio-client"), probe.stderr());
            assertArrayEquals(new int[] {32768, 32768}, connected.get("early-late-app-sized"), "the application's own size stays: " + probe.stderr());
            String log = probe.stderr();
            for (int i = 0; i < 60 && !log.contains(": recv 32768 (not set), send 32768 (not set)"); i++) {
                Thread.sleep(50); // the agent's log writer is asynchronous: the last connect's line may follow shortly
                log = probe.stderr();
            }
            String sized = ": recv 24576 -> 24576 (kernel holds 49152), send 40960 -> 40960 (kernel holds 81920)";
            // at log=debug a client made after attach also gets a line at creation; the connect lines are counted
            assertEquals(2, log.lines().filter(line -> line.startsWith("[sockbuf] tcp client to ") && line.endsWith(sized)).count(),
                    "both clients sized at connect: " + log);
            assertTrue(log.contains(": recv 32768 (not set), send 32768 (not set)"), "the application's own sizes, not the agent's: " + log);
            assertFalse(log.contains("different") || log.contains("recv 24576 -> 32768"), "no outcome the agent did not cause: " + log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void attachingAgainUpdatesTheSettingsAndInstallsTheHooksOnce(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            assertEquals(0, LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k").exitCode);
            Map<String, int[]> first = probe.open("first");

            ForkedJvm.Result again = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=32k");

            assertEquals(0, again.exitCode, again.toString());
            assertTrue(again.stdout.contains("the agent was loaded a second time; " + HOOKS_ONCE
                    + " recv 32768 bytes (agent argument recv=32k), send 40960 bytes (agent argument send=40k)"), again.toString());
            assertTrue(again.stdout.contains(OPEN_SOCKETS_NOTE), again.toString());
            Map<String, int[]> second = probe.open("second");
            assertArrayEquals(new int[] {32768, 40960}, second.get("second-client"), "send kept from the first attach");
            assertArrayEquals(new int[] {32768, 40960}, second.get("second-nio-client"), probe.stderr());
            assertEquals(40960, second.get("second-accepted")[1], probe.stderr());
            assertSameValues(first, probe.report("first"));

            String log = probe.stderr();
            assertEquals(1, count(log, "[sockbuf] the agent was loaded a second time; " + HOOKS_ONCE), log);
            // Hooks installed twice would size, log and count every socket twice.
            ForkedJvm.Result status = LiveJvm.cli(jdk, "status", probe.pid());
            assertTrue(status.stdout.contains("  tcp client:   4 (4 as requested)\n"), status.toString());
            assertTrue(status.stdout.contains("  tcp listener: 2 (2 as requested)\n"), status.toString());
            assertTrue(status.stdout.contains("  tcp accepted: 4 (4 as requested)\n"), status.toString());
            assertTrue(status.stdout.contains("loaded 2 times, settings updated 1 time"), status.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void attachingToAJvmStartedWithTheAgentUpdatesItsSettings(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent() + "=recv=16k", "-Dsockbuf.send=40k")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k");

            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.contains(HOOKS_ONCE + " recv 24576 bytes (agent argument recv=24k),"
                    + " send 40960 bytes (-Dsockbuf.send=40k)"), attach.toString());
            assertArrayEquals(new int[] {24576, 40960}, probe.open("a").get("a-client"), probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void aModeCannotChangeInARunningJvmAndSaysSo(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent() + "=recv=16k")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "mode=override");

            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.contains("the mode stays apply as at the first start"), attach.toString());
            assertEquals(24576, probe.open("a").get("a-client")[0], "the sizes are updated: " + probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void statusPrintsSettingsWithTheirSourcesAndCountsPerKindAndOutcome(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent() + "=recv=24k", "-Dsockbuf.send=40k")) {
            probe.open("a");

            ForkedJvm.Result status = LiveJvm.cli(jdk, "status", probe.pid());

            assertEquals(0, status.exitCode, status.toString());
            assertTrue(status.stdout.contains("sockbuf 1.0.0-SNAPSHOT in JVM " + probe.pid() + " (Java "), status.toString());
            assertTrue(status.stdout.contains("  started by:  -javaagent (premain); loaded 1 time, settings updated 0 times\n"), status.toString());
            assertTrue(status.stdout.contains("  recv:        24576 bytes (agent argument recv=24k)\n"), status.toString());
            assertTrue(status.stdout.contains("  send:        40960 bytes (-Dsockbuf.send=40k)\n"), status.toString());
            assertTrue(status.stdout.contains("  mode:        apply (default)\n"), status.toString());
            assertTrue(status.stdout.contains("  log:         info (default), to stderr\n"), status.toString());
            assertTrue(status.stdout.contains("  jmx:         off\n"), status.toString());
            assertTrue(status.stdout.contains("  tcp client:   2 (2 as requested)\n"), status.toString());
            assertTrue(status.stdout.contains("  tcp listener: 1 (1 as requested)\n"), status.toString());
            assertTrue(status.stdout.contains("  tcp accepted: 2 (2 as requested)\n"), status.toString());
            assertTrue(status.stdout.contains("  udp:          0\n"), status.toString());
            assertTrue(status.stdout.contains("last error: none\n"), status.toString());
            assertTrue(status.stdout.contains("(JEP 451)"), status.toString());
            assertFalse(probe.stderr().contains("settings updated"), "status changes nothing: " + probe.stderr());
            assertArrayEquals(new int[] {24576, 40960}, probe.open("b").get("b-client"), probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void statusOfAJvmWithoutTheAgentSaysItIsNotActiveAndChangesNothing(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            Map<String, int[]> before = probe.open("before");

            ForkedJvm.Result status = LiveJvm.cli(jdk, "status", probe.pid());

            assertEquals(0, status.exitCode, status.toString());
            assertTrue(status.stdout.contains("not active: this JVM was neither started with -javaagent:sockbuf-agent.jar"
                    + " nor attached to; nothing was changed."), status.toString());
            assertSameValues(before, probe.open("after"));
            assertFalse(probe.stderr().contains("[sockbuf]"), probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void listShowsTheRunningJvmWithItsMainClass(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            ForkedJvm.Result list = LiveJvm.cli(jdk, "list");

            assertEquals(0, list.exitCode, list.toString());
            assertTrue(list.stdout.startsWith("PID        NAME\n"), list.toString());
            assertTrue(Arrays.asList(list.stdout.split("\n")).contains(String.format("%-10s %s", probe.pid(), "io.sockbuf.agent.probe.LiveProbe")),
                    list.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void onJdk21AndNewerTheTargetWarnsAboutTheDynamicallyLoadedAgentUnlessAllowed(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k");
            assertEquals(0, attach.exitCode, attach.toString());
            assertEquals(jdk.feature >= 21, probe.stderr().contains(DYNAMIC_AGENT_WARNING), probe.stderr());
            assertEquals(jdk.feature >= 21, attach.stdout.contains("printed it on its stderr"), attach.toString());
            assertEquals(jdk.feature > 11, attach.stdout.contains("\"Sharing is only supported for boot loader classes because"
                    + " bootstrap classpath has been appended\": the agent's classes are boot classes"), attach.toString());
        }
        try (LiveJvm probe = LiveJvm.start(jdk, "-XX:+EnableDynamicAgentLoading")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k");
            assertEquals(0, attach.exitCode, attach.toString());
            assertFalse(probe.stderr().contains(DYNAMIC_AGENT_WARNING), probe.stderr());
            assertTrue(attach.stdout.contains("That JVM runs with -XX:+EnableDynamicAgentLoading, so loading the agent at run time"
                    + " printed no warning there."), attach.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsages")
    void badUsagePrintsTheUsageAndExitsWith2(List<String> args) throws Exception {
        ForkedJvm.Result cli = LiveJvm.cli(Jdks.current(), args.toArray());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.stderr.startsWith("sockbuf: "), cli.toString());
        assertTrue(cli.stderr.contains("usage: java -jar sockbuf-agent.jar <command>"), cli.toString());
        assertEquals("", cli.stdout, cli.toString());
    }

    static Stream<List<String>> badUsages() {
        return Stream.of(List.of(), List.of("frobnicate"), List.of("list", "extra"), List.of("attach"), List.of("attach", "abc"),
                List.of("attach", "-1", "recv=8k"), List.of("attach", "1", "recv"), List.of("attach", "1", "recv=abc"),
                List.of("attach", "1", "send=0"), List.of("attach", "1", "recv=8k,send=8k"), List.of("status"),
                List.of("status", "1", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void anUnknownProcessIdIsAClearMessageAndExitCode1(Jdk jdk) throws Exception {
        for (String command : List.of("attach", "status")) {
            ForkedJvm.Result cli = command.equals("attach") ? LiveJvm.cli(jdk, command, "2147483646", "recv=8k") : LiveJvm.cli(jdk, command, "2147483646");
            assertEquals(1, cli.exitCode, cli.toString());
            assertEquals("sockbuf: there is no process 2147483646 on this host (see: java -jar sockbuf-agent.jar list).\n", cli.stderr, cli.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void aProcessThatIsNotAJvmIsRefusedWithoutSendingItSigquit(Jdk jdk) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ForkedJvm.Result cli = LiveJvm.cli(jdk, "status", sleeper.pid());
            assertEquals(1, cli.exitCode, cli.toString());
            assertTrue(cli.stderr.startsWith("sockbuf: process " + sleeper.pid() + " is not a Java VM"), cli.toString());
            // The Attach API signals SIGQUIT to start a JVM's attach listener; that would have ended sleep.
            assertTrue(sleeper.isAlive(), "sleep was left alone");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    /** The same sizes per role (client, accepted...) for sockets of two different opens. */
    private static void assertSameValues(Map<String, int[]> expected, Map<String, int[]> actual) {
        assertEquals(byRole(expected), byRole(actual));
    }

    private static Map<String, String> byRole(Map<String, int[]> values) {
        Map<String, String> byRole = new TreeMap<>();
        for (Map.Entry<String, int[]> entry : values.entrySet()) {
            byRole.put(entry.getKey().substring(entry.getKey().indexOf('-') + 1), Arrays.toString(entry.getValue()));
        }
        return byRole;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
