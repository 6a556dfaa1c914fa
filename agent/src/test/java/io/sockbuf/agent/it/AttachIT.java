package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.LiveJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void attachSizesSocketsOpenedAfterwardsAndLeavesOpenOnesAlone(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            Map<String, Buffers> before = probe.open("before");
            assertFalse(probe.stderr().contains("[sockbuf]"), probe.stderr());

            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k");

            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.startsWith("Attached to JVM " + probe.pid() + " (Java "), attach.toString());
            assertTrue(attach.stdout.contains("started: hooks installed; recv 24576 bytes (agent argument recv=24k),"
                    + " send 40960 bytes (agent argument send=40k)."), attach.toString());
            assertTrue(attach.stdout.contains(OPEN_SOCKETS_NOTE + " (fixed in their handshake); only sockets opened from now on"
                    + " get the new sizes."), attach.toString());
            assertEquals(jdk.feature >= 21, attach.stdout.contains("JDK 21 and newer print a warning when an agent is loaded into a"
                    + " running JVM (JEP 451)"), "the JEP 451 paragraph only for a JDK 21+ target: " + attach);
            assertEquals(jdk.feature >= 21, attach.stdout.contains("-XX:+EnableDynamicAgentLoading"), attach.toString());

            Map<String, Buffers> after = probe.open("after");
            assertEquals(24576, after.get("after-listener").recv, probe.stderr());
            assertEquals(Buffers.of(24576, 40960), after.get("after-client"), probe.stderr());
            assertEquals(Buffers.of(24576, 40960), after.get("after-accepted"), probe.stderr());
            assertEquals(Buffers.of(24576, 40960), after.get("after-nio-client"), probe.stderr());
            assertSameValues(before, probe.report("before"));
            String loaded = "[sockbuf] loaded into a running JVM: sockets already open keep their sizes"
                    + " and TCP window scale; only sockets opened from now on get these sizes.";
            assertTrue(probe.stderrWhen(text -> text.contains(loaded)).contains(loaded), probe.stderr());
        }
    }

    /**
     * Sockets created before {@code attach} and connected after it: their connect runs through the
     * hook, so they are sized there, before the handshake; one the application sized itself keeps
     * its size, and no line reports an outcome the agent did not cause.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aSocketCreatedBeforeAttachAndConnectedAfterIsSizedAtConnect(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            probe.prepare("early");
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k", "log=debug");
            assertEquals(0, attach.exitCode, attach.toString());
            Map<String, Buffers> connected = probe.connect("early");
            assertEquals(Buffers.of(24576, 40960), connected.get("early-late-client"), probe.stderr());
            assertEquals(Buffers.of(24576, 40960), connected.get("early-late-nio-client"), probe.stderr());
            assertEquals(Buffers.of(32768, 32768), connected.get("early-late-app-sized"), "the application's own size stays: " + probe.stderr());
            String sized = ": recv 24576 -> 24576 (kernel holds 49152), send 40960 -> 40960 (kernel holds 81920)";
            // The log is written by the agent's own thread (it never blocks the socket path): wait for its lines.
            // At log=debug a client made after attach also gets a line at creation; the connect lines are counted.
            String log = probe.stderrWhen(text -> connectLines(text, sized) >= 2 && text.contains(": recv 32768 (not set), send 32768 (not set)"));
            assertEquals(2, connectLines(log, sized), "both clients sized at connect: " + log);
            assertTrue(log.contains(": recv 32768 (not set), send 32768 (not set)"), "the application's own sizes, not the agent's: " + log);
            assertFalse(log.contains("different") || log.contains("recv 24576 -> 32768"), "no outcome the agent did not cause: " + log);
        }
    }

    /**
     * A listener made before {@code attach} keeps the kernel's receive size, and so does every socket
     * it accepts afterwards (Linux copies the listener's): those are counted as holding their
     * listener's size, not as requested, though their send size is the agent's (set at accept). A
     * rule for other sockets that asks for the size such a listener holds changes nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void socketsAcceptedByAListenerMadeBeforeAttachAreCountedAsHoldingTheListenersSize(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            int kernelDefault = probe.open("before").get("before-listener").recv;
            probe.prepare("early");
            assertEquals(0, LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k",
                    "rules=client:port=1:recv=" + kernelDefault).exitCode);
            Map<String, Buffers> connected = probe.connect("early");

            int listenersReceive = connected.get("early-late-listener").recv;
            assertEquals(kernelDefault, listenersReceive, "the listener predates the agent: " + connected);
            assertEquals(Buffers.of(listenersReceive, 40960), connected.get("early-late-accepted"), probe.stderr());
            ForkedJvm.Result status = LiveJvm.cli(jdk, "status", probe.pid());
            assertTrue(status.stdout.contains("  tcp accepted: 3 (3 listener's size)\n"), status.toString());
            String line = probe.stderrWhen(text -> text.contains("[sockbuf] tcp accepted"));
            assertTrue(line.contains(": recv " + listenersReceive + " (kernel holds " + 2 * listenersReceive
                    + "): inherited from a listener without the 24576 asked for"), line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void attachingAgainUpdatesTheSettingsAndInstallsTheHooksOnce(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            assertEquals(0, LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "send=40k").exitCode);
            Map<String, Buffers> first = probe.open("first");

            ForkedJvm.Result again = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=32k");

            assertEquals(0, again.exitCode, again.toString());
            assertTrue(again.stdout.contains("the agent was loaded a second time; " + HOOKS_ONCE
                    + " recv 32768 bytes (agent argument recv=32k), send 40960 bytes (agent argument send=40k)"), again.toString());
            assertTrue(again.stdout.contains(OPEN_SOCKETS_NOTE), again.toString());
            Map<String, Buffers> second = probe.open("second");
            assertEquals(Buffers.of(32768, 40960), second.get("second-client"), "send kept from the first attach");
            assertEquals(Buffers.of(32768, 40960), second.get("second-nio-client"), probe.stderr());
            assertEquals(40960, second.get("second-accepted").send, probe.stderr());
            assertSameValues(first, probe.report("first"));

            String log = probe.stderrWhen(text -> text.contains("[sockbuf] the agent was loaded a second time; "));
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
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void attachingToAJvmStartedWithTheAgentUpdatesItsSettings(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent() + "=recv=16k", "-Dsockbuf.send=40k")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k");

            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.contains(HOOKS_ONCE + " recv 24576 bytes (agent argument recv=24k),"
                    + " send 40960 bytes (-Dsockbuf.send=40k)"), attach.toString());
            assertEquals(Buffers.of(24576, 40960), probe.open("a").get("a-client"), probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aModeCannotChangeInARunningJvmAndSaysSo(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent() + "=recv=16k")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "mode=override");

            assertEquals(4, attach.exitCode, "a refused part is exit code 4: " + attach);
            assertTrue(attach.stdout.contains("the mode stays apply as at the first start"), attach.toString());
            assertEquals("sockbuf: JVM " + probe.pid() + " took this request except this part (exit code 4):\n"
                    + "  note: the mode stays apply as at the first start (one mode for the JVM's life); restart the JVM"
                    + " to use override.\n", attach.stderr, attach.toString());
            assertEquals(24576, probe.open("a").get("a-client").recv, "the sizes are updated: " + probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
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
            assertEquals(jdk.feature >= 21, status.stdout.contains("(JEP 451)"), status.toString());
            assertFalse(status.stdout.contains("Sharing is only supported"), "the CDS remark comes with the first attach only: " + status);
            assertFalse(probe.stderr().contains("settings updated"), "status changes nothing: " + probe.stderr());
            assertEquals(Buffers.of(24576, 40960), probe.open("b").get("b-client"), probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void statusOfAJvmWithoutTheAgentSaysItIsNotActiveAndChangesNothing(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            Map<String, Buffers> before = probe.open("before");

            ForkedJvm.Result status = LiveJvm.cli(jdk, "status", probe.pid());

            assertEquals(0, status.exitCode, status.toString());
            assertTrue(status.stdout.contains("not active: this JVM was neither started with -javaagent:sockbuf-agent.jar"
                    + " nor attached to; nothing was changed."), status.toString());
            assertSameValues(before, probe.open("after"));
            assertFalse(probe.stderr().contains("[sockbuf]"), probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void listShowsTheRunningJvmWithItsMainClass(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            ForkedJvm.Result list = LiveJvm.cli(jdk, "list");

            assertEquals(0, list.exitCode, list.toString());
            assertTrue(list.stdout.startsWith("PID        SOCKBUF NAME\n"), list.toString());
            assertTrue(Arrays.asList(list.stdout.split("\n")).contains(String.format("%-10s %-7s %s", probe.pid(), "-",
                    "io.sockbuf.agent.probe.LiveProbe")), list.toString());
        }
    }

    /**
     * SOCKBUF yes for a JVM started with -javaagent, one with it in JAVA_TOOL_OPTIONS and one attached to;
     * "-" for one without; and list loads nothing into any of them (no [sockbuf] line, no sharing
     * or JEP 451 warning, which every agent load makes the target print).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void listMarksTheJvmsThatRunSockbufWithoutLoadingAnythingIntoTheOthers(Jdk jdk) throws Exception {
        try (LiveJvm without = LiveJvm.start(jdk);
             LiveJvm started = LiveJvm.start(jdk, LiveJvm.agent() + "=recv=16k");
             LiveJvm attached = LiveJvm.start(jdk);
             LiveJvm toolOptions = LiveJvm.startWithEnvironment(Map.of("JAVA_TOOL_OPTIONS", LiveJvm.agent() + "=recv=16k"), jdk)) {
            assertEquals(0, LiveJvm.cli(jdk, "attach", attached.pid(), "recv=16k").exitCode);
            String withoutBefore = without.stderr();

            ForkedJvm.Result list = LiveJvm.cli(jdk, "list");

            assertEquals(0, list.exitCode, list.toString());
            List<String> rows = Arrays.asList(list.stdout.split("\n"));
            String probe = "io.sockbuf.agent.probe.LiveProbe";
            assertTrue(rows.contains(String.format("%-10s %-7s %s", without.pid(), "-", probe)), list.toString());
            assertTrue(rows.contains(String.format("%-10s %-7s %s", started.pid(), "yes", probe)), list.toString());
            assertTrue(rows.contains(String.format("%-10s %-7s %s", attached.pid(), "yes", probe)), list.toString());
            assertTrue(rows.contains(String.format("%-10s %-7s %s", toolOptions.pid(), "yes", probe)), list.toString());
            assertTrue(list.stdout.contains("nothing was loaded or sent to any JVM"), list.toString());
            assertEquals(withoutBefore, without.stderr(), "list loaded nothing into the JVM without sockbuf");
            assertFalse(without.stderr().contains("[sockbuf]") || without.stderr().contains("Sharing is only supported")
                    || without.stderr().contains(DYNAMIC_AGENT_WARNING), without.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anAttachWithARefusedPartAppliesTheRestAndExits4NamingEachPart(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "rules=bogus", "colour=blue");

            assertEquals(4, attach.exitCode, attach.toString());
            assertTrue(attach.stderr.startsWith("sockbuf: JVM " + probe.pid() + " took this request except these parts (exit code 4):\n"),
                    attach.toString());
            assertTrue(attach.stderr.contains("\n  warning: agent argument rules: rule \"bogus\" is left out"), attach.toString());
            assertTrue(attach.stderr.contains("\n  warning: agent argument colour is not a sockbuf setting and is ignored"), attach.toString());
            assertEquals(24576, probe.open("a").get("a-client").recv, "the rest is applied: " + probe.stderr());

            ForkedJvm.Result clean = LiveJvm.cli(jdk, "attach", probe.pid(), "send=40k");
            assertEquals(0, clean.exitCode, "the earlier load's bad entries, repeated in the answer, are not this request's: " + clean);
            assertEquals("", clean.stderr, clean.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void onJdk21AndNewerTheTargetWarnsAboutTheDynamicallyLoadedAgentUnlessAllowed(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k");
            assertEquals(0, attach.exitCode, attach.toString());
            assertEquals(jdk.feature >= 21, probe.stderr().contains(DYNAMIC_AGENT_WARNING), probe.stderr());
            assertEquals(jdk.feature >= 21, attach.stdout.contains("printed it on its stderr"), attach.toString());
            assertEquals(jdk.feature >= 21, attach.stdout.contains("JEP 451"), "the JEP 451 paragraph only for 21+: " + attach);
            String sharingWarning = "Sharing is only supported for boot loader classes because bootstrap classpath has been appended";
            assertEquals(probe.stderr().contains(sharingWarning), attach.stdout.contains("\"" + sharingWarning + "\""),
                    "the CDS remark exactly where the target printed the warning: " + attach + probe.stderr());
            assertEquals(1, count(attach.stdout, sharingWarning) + (probe.stderr().contains(sharingWarning) ? 0 : 1), attach.toString());
            ForkedJvm.Result again = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=32k");
            assertFalse(again.stdout.contains(sharingWarning), "explained once, at the first load: " + again);
        }
        try (LiveJvm probe = LiveJvm.start(jdk, "-XX:+EnableDynamicAgentLoading")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k");
            assertEquals(0, attach.exitCode, attach.toString());
            assertFalse(probe.stderr().contains(DYNAMIC_AGENT_WARNING), probe.stderr());
            assertEquals(jdk.feature >= 21, attach.stdout.contains("That JVM runs with -XX:+EnableDynamicAgentLoading, so loading the"
                    + " agent at run time printed no warning there."), attach.toString());
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
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anUnknownProcessIdIsAClearMessageAndExitCode1(Jdk jdk) throws Exception {
        for (String command : List.of("attach", "status")) {
            ForkedJvm.Result cli = command.equals("attach") ? LiveJvm.cli(jdk, command, "2147483646", "recv=8k") : LiveJvm.cli(jdk, command, "2147483646");
            assertEquals(1, cli.exitCode, cli.toString());
            assertEquals("sockbuf: there is no process 2147483646 on this host (see: java -jar sockbuf-agent.jar list).\n", cli.stderr, cli.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aProcessThatIsNotAJvmIsRefusedWithoutSendingItSigquit(Jdk jdk) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ForkedJvm.Result cli = LiveJvm.cli(jdk, "status", sleeper.pid());
            assertEquals(1, cli.exitCode, cli.toString());
            assertTrue(cli.stderr.startsWith("sockbuf: process " + sleeper.pid() + " does not catch SIGQUIT"), cli.toString());
            // The Attach API signals SIGQUIT to start a JVM's attach listener; that would have ended sleep.
            assertTrue(sleeper.isAlive(), "sleep was left alone");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    /** The same sizes per role (client, accepted...) for sockets of two different opens. */
    private static void assertSameValues(Map<String, Buffers> expected, Map<String, Buffers> actual) {
        assertEquals(byRole(expected), byRole(actual));
    }

    private static Map<String, String> byRole(Map<String, Buffers> values) {
        Map<String, String> byRole = new TreeMap<>();
        for (Map.Entry<String, Buffers> entry : values.entrySet()) {
            byRole.put(entry.getKey().substring(entry.getKey().indexOf('-') + 1), entry.getValue().toString());
        }
        return byRole;
    }

    /** The probe's stderr once {@code ready} holds, or after a generous cap (the assertions then say what is missing). */
    private static long connectLines(String log, String ending) {
        return log.lines().filter(line -> line.startsWith("[sockbuf] tcp client to ") && line.endsWith(ending)).count();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @org.junit.jupiter.api.Test
    void aMistypedKeyIsWarnedForTheAttachThatBroughtItOnly() throws Exception {
        Jdk jdk = Jdks.current();
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            String typo = "warning: agent argument recieve is not a sockbuf setting and is ignored (did you mean recv?)";
            ForkedJvm.Result first = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "recieve=8k");
            assertEquals(4, first.exitCode, "partly refused: " + first);
            assertTrue(first.stdout.contains(typo), first.toString());

            ForkedJvm.Result second = LiveJvm.cli(jdk, "attach", probe.pid(), "send=40k");

            assertEquals(0, second.exitCode, second.toString());
            assertFalse(second.stdout.contains("warning:"), "the second attach did not bring it: " + second);
            assertTrue(LiveJvm.cli(jdk, "attach", probe.pid(), "recieve=8k").stdout.contains(typo), "brought again, warned again");
            assertEquals(Buffers.of(24576, 40960), probe.open("a").get("a-client"), probe.stderr());
        }
    }

    @org.junit.jupiter.api.Test
    void statusNamesTheLogFileInUseAndTheSourceOfTheMode() throws Exception {
        Jdk jdk = Jdks.current();
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k", "-Dsockbuf.mode=observe")) {
            String refusedFile = new java.io.File(System.getProperty("java.io.tmpdir"), "sockbuf-refused-" + probe.pid() + ".log").getPath();
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "log.file=" + refusedFile, "mode=override");
            assertEquals(4, attach.exitCode, "partly refused: " + attach);
            assertTrue(attach.stdout.contains("restart the JVM to change them"), attach.toString());

            ForkedJvm.Result status = LiveJvm.cli(jdk, "status", probe.pid());

            assertEquals(0, status.exitCode, status.toString());
            assertTrue(status.stdout.contains("  mode:        observe (-Dsockbuf.mode=observe, kept from the first start;"
                    + " agent argument mode=override takes a restart)\n"), status.toString());
            assertTrue(status.stdout.contains(", to stderr (fixed at the first start; log.file and log.format take a restart)\n"), status.toString());
            assertFalse(status.stdout.contains(refusedFile), status.toString());
            assertFalse(new java.io.File(refusedFile).exists(), "the refused file is not written");
        }
    }

    /** attach PID recv=unset: new sockets are left alone again (the kernel default, autotuning). */
    @org.junit.jupiter.api.Test
    void attachRecvUnsetLeavesNewSocketsAloneAgain() throws Exception {
        Jdk jdk = Jdks.current();
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k", "-Dsockbuf.send=40k")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=unset");

            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.contains("settings updated: recv left alone (agent argument recv=unset), send 40960 bytes"), attach.toString());
            assertTrue(attach.stdout.contains("  recv:        unset (left alone, agent argument recv=unset)\n"), attach.toString());
            Buffers after = probe.open("a").get("a-client");
            assertTrue(after.recv != 24576, "recv left alone again: " + probe.stderr());
            assertEquals(40960, after.send, probe.stderr());
        }
    }

    /** The Attach API cuts agent arguments at 1 KiB: a long rules value is refused up front with the way that works. */
    @org.junit.jupiter.api.Test
    void settingsTooLongForTheAttachApiAreRefusedBeforeAttachingAndConfigFileIsSuggested() throws Exception {
        Jdk jdk = Jdks.current();
        StringBuilder rules = new StringBuilder("rules=");
        for (int i = 1; i <= 60; i++) {
            rules.append("client:port=").append(i).append(":recv=8k;");
        }
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k")) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), rules);

            assertEquals(2, attach.exitCode, attach.toString());
            assertTrue(attach.stderr.contains("config=/path/to/file"), attach.toString());
            assertFalse(probe.stderr().contains("loaded a second time") || probe.stderr().contains("loaded again"), "nothing was loaded: " + probe.stderr());
        }
    }
}
