package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.CliRun;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.LiveJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every CLI command gives up after {@code --timeout S} with exit code 3 and says how far it got.
 * The target that cannot answer is the test's own probe JVM, stopped with SIGSTOP and resumed after.
 * No verdict on speed: the CLI only has to end well inside {@link CliRun#CAP_SECONDS}.
 */
class CliTimeoutIT {

    static final int TIMED_OUT = 3;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aStoppedJvmThatNeverOpenedItsAttachListenerTimesOutBeforeAttaching(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            CliRun.Finished status = whileStopped(probe, () -> CliRun.on(jdk).run("--timeout", "2", "status", probe.pid()));

            assertEquals(TIMED_OUT, status.result.exitCode, status.toString());
            assertTrue(status.result.stderr.startsWith("sockbuf: JVM " + probe.pid() + " did not answer the attach request within 2 s"),
                    status.toString());
            assertTrue(status.result.stderr.contains("the agent was not loaded, nothing was changed"), status.toString());
            assertResumesAndAnswers(jdk, probe);
            removeAttachTrigger(probe.pid());
        }
    }

    /** The empty trigger file the Attach API left for the stopped JVM (see README, Troubleshooting), not left in the tree. */
    private static void removeAttachTrigger(long pid) throws Exception {
        java.nio.file.Path cwd = java.nio.file.Paths.get("/proc", Long.toString(pid), "cwd").toRealPath();
        for (java.nio.file.Path directory : List.of(cwd, java.nio.file.Paths.get("/tmp"))) {
            java.nio.file.Files.deleteIfExists(directory.resolve(".attach_pid" + pid));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aStoppedJvmWithItsAttachListenerOpenTimesOutAfterAttaching(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            assertEquals(0, CliRun.on(jdk).run("status", probe.pid()).result.exitCode, "opens the attach listener");

            CliRun.Finished attach = whileStopped(probe, () -> CliRun.on(jdk).run("attach", probe.pid(), "recv=24k", "--timeout=2"));

            assertEquals(TIMED_OUT, attach.result.exitCode, attach.toString());
            // Whether attach() itself already talks to the JVM depends on the JDK: either stage is a true account.
            assertTrue(attach.result.stderr.startsWith("sockbuf: "), attach.toString());
            assertTrue(attach.result.stderr.contains(" within 2 s"), attach.toString());
            assertTrue(attach.result.stderr.contains("the agent was not loaded, nothing was changed"), attach.toString());
            assertResumesAndAnswers(jdk, probe);
            // When the load went ahead after the CLI gave up, its undelivered answer is no warning in the
            // target. A later load's line is queued after anything that load logged (one queue, in order):
            // once it is written, so is the rest.
            assertEquals(0, CliRun.on(jdk).run("attach", probe.pid(), "send=32k").result.exitCode);
            String log = probe.stderrWhen(text -> text.contains("send 32768 bytes"));
            assertTrue(log.contains("send 32768 bytes"), log);
            assertTrue(!log.contains("could not write the answer"), log);
        }
    }

    /**
     * A JVM whose stderr pipe nobody reads: the agent's own lines, or the JVM's class-data sharing
     * warning on JDK 17+, may block the load there. Whether they do depends on the agent's output
     * design, so either outcome is accepted; what is not is a CLI that waits without bound.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aJvmWithABlockedStderrEitherAnswersOrTheCliGivesUpAfterItsTimeout(Jdk jdk) throws Exception {
        // stdout and stderr stay pipes; stderr is never read
        Process target = JavaCommand.on(jdk).probe("io.sockbuf.agent.probe.BlockedStderrProbe").processBuilder().start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(target.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine(), "the probe filled its stderr pipe");

            CliRun.Finished status = CliRun.on(jdk).run("--timeout", "2", "status", target.pid());

            if (status.result.exitCode != 0) {
                assertEquals(TIMED_OUT, status.result.exitCode, status.toString());
                // How far it got before giving up depends on the machine's load (the attach itself may take
                // longer than 2 s): any stage, as long as it says so and that nothing was changed.
                assertTrue(status.result.stderr.contains("did not answer within 2 s"), status.toString());
                assertTrue(status.result.stderr.toLowerCase(java.util.Locale.ROOT).contains("nothing was changed"), status.toString());
            }
        } finally {
            target.destroyForcibly();
            target.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aBadTimeoutIsAUsageError(Jdk jdk) throws Exception {
        for (String value : new String[] {"0", "-1", "abc", "1e9"}) {
            CliRun.Finished cli = CliRun.on(jdk).run("--timeout", value, "list");
            assertEquals(2, cli.result.exitCode, cli.toString());
            // names the setting, the value as given and what is accepted
            assertTrue(cli.result.stderr.startsWith("sockbuf: --timeout " + value + " is not accepted: it is how many seconds"
                    + " the CLI waits for the other JVM: a number greater than 0 and at most 86400 (24 h)"), cli.toString());
        }
        CliRun.Finished list = CliRun.on(jdk).run("--timeout", "30", "list");
        assertEquals(0, list.result.exitCode, list.toString());
    }

    private static void assertResumesAndAnswers(Jdk jdk, LiveJvm probe) throws Exception {
        CliRun.Finished status = CliRun.on(jdk).run("status", probe.pid());
        assertEquals(0, status.result.exitCode, "the resumed JVM answers again: " + status);
        assertTrue(status.result.stdout.contains("in JVM " + probe.pid()), status.toString());
        assertTrue(probe.open("after").containsKey("after-client"), "the resumed JVM still works: " + probe.stderr());
    }

    private interface Step {
        CliRun.Finished run() throws Exception;
    }

    /** Runs the CLI while the probe (this test's own child) is stopped; resumes it whatever happens. */
    private static CliRun.Finished whileStopped(LiveJvm probe, Step step) throws Exception {
        signal("-STOP", probe.pid());
        try {
            return step.run();
        } finally {
            signal("-CONT", probe.pid());
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill " + signal + " " + pid);
    }
}
