package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.LiveJvm;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No application or JVM thread ever waits for the agent's output: with stderr a pipe nobody reads
 * (a stalled log collector), with System.err's monitor held by the application, with a huge
 * configuration, or with a FIFO as the log file. Each JVM here would hang with an agent that writes
 * synchronously through System.err; the time caps are generous limits, not measurements.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NeverBlockIT {

    private static final long CAP_SECONDS = 60;
    /** Every JVM this test started, so none outlives a failed or timed-out test. */
    private final List<Process> started = new ArrayList<>();
    private static final String PROBE = "io.sockbuf.agent.probe.BlockedOutputProbe";
    /** Enough lines at log=debug to fill a 64 KiB pipe several times over. */
    private static final String SOCKETS = "400";
    /** Enough lines at log=debug to fill the pipe and the agent's queue of lines: some are dropped. */
    private static final String MORE_SOCKETS_THAN_THE_QUEUE_HOLDS = "1000";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void systemExitReturnsWhenNobodyReadsStderr(Jdk jdk) throws Exception {
        Process jvm = startWithUnreadStderr(jdk, TestSizes.agentWith("-Dsockbuf.log=debug"), "exit", SOCKETS);
        assertExits(jvm);
        assertEquals(0, jvm.exitValue());
        String out = stdout(jvm);
        assertTrue(out.contains("opened " + SOCKETS), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void sigtermEndsTheJvmWhenNobodyReadsStderrAndDroppedLinesAreReportedOnceItIsRead(Jdk jdk) throws Exception {
        Process jvm = startWithUnreadStderr(jdk, TestSizes.agentWith("-Dsockbuf.log=debug", "-Dsockbuf.log.format=json"), "wait", MORE_SOCKETS_THAN_THE_QUEUE_HOLDS);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); !"READY".equals(line); line = out.readLine()) {
                assertTrue(line != null, "the probe ended before opening its sockets");
            }
            // Now the collector catches up: the writer gets through, and says how much it dropped.
            String dropped = readUntil(jvm.getErrorStream(), "\"event\":\"dropped\"");
            assertTrue(dropped.contains("\"level\":\"warn\""), dropped);
            jvm.destroy(); // SIGTERM to our own child: runs the shutdown hooks, the agent's among them
            assertExits(jvm);
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * The JVM itself writes to stderr on the Attach Listener when an agent with Boot-Class-Path is
     * loaded with class-data sharing on, and on JDK 21+ when any agent is loaded at run time; those
     * JVM warnings are switched off here (see README, Troubleshooting) to show the agent's part.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void attachStatusAndJcmdAnswerWhenTheTargetsStderrIsBlocked(Jdk jdk) throws Exception {
        JavaCommand command = JavaCommand.on(jdk).withOptions("-Xshare:off");
        if (jdk.feature >= 21) {
            command.withOptions("-XX:+EnableDynamicAgentLoading");
        }
        // stdout and stderr stay pipes; stderr is never read
        Process target = command.probe(PROBE).withArguments("fill-stderr").processBuilder().start();
        started.add(target);
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); !"READY".equals(line); line = out.readLine()) {
            assertTrue(line != null, "the target ended before its stderr was full");
        }
        ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", target.pid(), "recv=8k");
        assertEquals(0, attach.exitCode, attach.toString());
        ForkedJvm.Result status = LiveJvm.cli(jdk, "status", target.pid());
        assertEquals(0, status.exitCode, status.toString());
        assertTrue(status.stdout.contains("8192 bytes"), status.toString());
        Process jcmd = new ProcessBuilder(new File(jdk.home, "bin/jcmd").getPath(), Long.toString(target.pid()), "VM.version")
                .redirectErrorStream(true).start();
        started.add(jcmd);
        assertExits(jcmd);
        assertEquals(0, jcmd.exitValue(), stdout(jcmd));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anApplicationHoldingSystemErrsMonitorDoesNotDeadlockWithTheSocketPath(Jdk jdk) throws Exception {
        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(TestSizes.agentWith()).running(PROBE, JavaCommand.PROBE_CLASSES).run("deadlock");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stdout.contains("done"), result.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void thousandsOfRulesAndHundredsOfBadOnesDoNotHoldUpMainWhenNobodyReadsStderr(Jdk jdk) throws Exception {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 3500; i++) {
            rules.append("client:port=").append(1 + i % 65000).append(":recv=").append(4 + i % 60).append("k;");
        }
        for (int i = 0; i < 250; i++) {
            rules.append("client:port=").append(i).append("x:recv=8k;");
        }
        Path file = Files.createTempFile("sockbuf-rules", ".properties");
        Files.write(file, ("rules=" + rules).getBytes(StandardCharsets.US_ASCII));
        Process jvm = startWithUnreadStderr(jdk, TestSizes.agentWith("-Dsockbuf.config=" + file), "main");
        assertExits(jvm);
        assertEquals(0, jvm.exitValue());
        assertTrue(stdout(jvm).contains("main ran"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void rulesBeyondTheCapAreLeftOutWithOneWarningAndWarningsAreCapped(Jdk jdk) throws Exception {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rules.append("client:port=").append(i).append("x:recv=8k;");
        }
        for (int i = 0; i < 1200; i++) {
            rules.append("client:port=").append(1 + i).append(":recv=8k;");
        }
        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(TestSizes.agentWith("-Dsockbuf.rules=" + rules))
                .running(PROBE, JavaCommand.PROBE_CLASSES).run("main");
        assertEquals(0, result.exitCode, result.toString());
        List<String> warnings = result.warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("200 rules after the first 1000 are left out")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("... and 21 more warnings")), warnings.toString());
        assertEquals(11, warnings.size(), warnings.toString());
        assertTrue(result.stderr.contains("(1000 rules)"), "the startup line summarises the rules:\n" + result.stderr);
        assertTrue(result.stderr.length() < 8000, "a short log, not every rule:\n" + result.stderr);
    }

    /**
     * An application that interrupts the agent's log writer (as code that interrupts every thread
     * does) leaves it waiting again, not spinning, and its later lines are still written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anInterruptedLogWriterWaitsAgainAndKeepsWriting(Jdk jdk) throws Exception {
        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).run("interrupted-log-thread");
        assertEquals(0, result.exitCode, result.toString());
        Matcher waiting = Pattern.compile("log-thread-waiting (\\d+)").matcher(result.stdout);
        assertTrue(waiting.find(), result.toString());
        assertTrue(Integer.parseInt(waiting.group(1)) >= 150, "the writer was seen waiting in " + waiting.group(1) + " of 200 samples\n" + result);
        assertEquals(4, ExitSummary.in(result).total("tcp listener"), "both rounds' listeners counted, the summary written:\n" + result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aFifoAsTheLogFileIsRefusedWithOneWarningAndTheLogGoesToStderr(Jdk jdk, @TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("log.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(TestSizes.agentWith("-Dsockbuf.log.file=" + fifo))
                .running(PROBE, JavaCommand.PROBE_CLASSES).run("main");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stdout.contains("main ran"), result.toString());
        assertTrue(result.stderr.contains("WARNING: the log file " + fifo + " is not a regular file"), result.toString());
        assertTrue(result.stderr.contains("[sockbuf] sockbuf "), "the startup line goes to stderr:\n" + result.stderr);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aDirectoryOrDeviceAsTheLogFileIsRefusedWithOneWarning(Jdk jdk, @TempDir Path dir) throws Exception {
        for (String path : new String[] {dir.toString(), "/dev/null"}) {
            ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(TestSizes.agentWith("-Dsockbuf.log.file=" + path))
                    .running(PROBE, JavaCommand.PROBE_CLASSES).run("main");
            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.stderr.contains("WARNING: the log file " + path + " is "), result.toString());
        }
    }

    /**
     * A log file that stops taking writes (here: the file size limit of {@code ulimit -f}, EFBIG;
     * a full disk gives ENOSPC the same way): one warning on stderr, then the lines go there.
     */
    @Test
    void aLogFileThatFailsLaterGetsOneWarningOnStderrAndTheLinesContinueThere(@TempDir Path dir) throws Exception {
        Jdk jdk = Jdks.current();
        Path log = dir.resolve("sockbuf.log");
        ProcessBuilder builder = withAgent(JavaCommand.on(jdk).prefixedBy(List.of("bash", "-c", "ulimit -f 1; exec \"$@\"", "bash")),
                TestSizes.agentWith("-Dsockbuf.log=debug", "-Dsockbuf.log.file=" + log)).withOptions("-XX:-UsePerfData")
                .probe(PROBE).withArguments("exit", "50").processBuilder();
        // stderr is a pipe: the size limit applies to files only.
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process jvm = builder.start();
        started.add(jvm);
        String stderr = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertExits(jvm);
        assertEquals(0, jvm.exitValue(), stderr);
        assertTrue(Files.size(log) <= 1024, "the file stopped at the limit");
        int warnings = stderr.split("WARNING: writing the log file " + log + " failed", -1).length - 1;
        assertEquals(1, warnings, stderr);
        assertTrue(stderr.contains("[sockbuf] at exit:"), "later lines, the exit summary among them, go to stderr:\n" + stderr);
    }

    @AfterEach
    void endEveryJvmThisTestStarted() {
        started.forEach(Process::destroyForcibly);
    }

    private static JavaCommand withAgent(JavaCommand command, String[] agentOptions) {
        return command.withAgentJar(JavaCommand.AGENT_JAR, null).withOptions(agentOptions);
    }

    /** stderr stays a pipe that this test does not read until it says so; stdout is read. */
    private Process startWithUnreadStderr(Jdk jdk, String[] agentOptions, String... probeArguments) throws Exception {
        Process jvm = withAgent(JavaCommand.on(jdk), agentOptions).probe(PROBE).withArguments((Object[]) probeArguments)
                .processBuilder().start();
        started.add(jvm);
        return jvm;
    }

    private static void assertExits(Process jvm) throws Exception {
        boolean exited = jvm.waitFor(CAP_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            jvm.destroyForcibly();
        }
        assertTrue(exited, "the JVM did not exit within " + CAP_SECONDS + " s: it waits for the agent's output");
    }

    private static String stdout(Process jvm) throws Exception {
        return new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads until {@code text} appears; the caller's cap is the JVM's own timeout. */
    private static String readUntil(InputStream in, String text) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("stderr ended without " + text);
    }
}
