package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.sockbuf.agent.testkit.TestSizes.AGENT;
import static io.sockbuf.agent.testkit.TestSizes.RECV;
import static io.sockbuf.agent.testkit.TestSizes.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The agent's output and its exit summary can never break or hold up the application: a JVM whose
 * stderr is closed or full runs and exits 0, and a JVM with the agent exits as promptly as without
 * it, also when System.exit comes in the middle of opening sockets.
 */
class ShutdownIT {

    private static final long TIMEOUT_SECONDS = 60;
    /** Generous on purpose: this shows the agent does not hold exit up, it is no timing benchmark. */
    private static final long EXIT_SLACK_MILLIS = 5000;
    /**
     * A timing verdict compares two runs on a machine that may be busy with other work: a pair of
     * runs is tried up to this many times, and one pair within the slack passes. A real hold-up
     * (the agent waiting at exit) shows in every pair; a burst of other work rarely hits three.
     */
    private static final int TIMING_ATTEMPTS = 3;

    /**
     * {@code exec 2>&-} closes stderr before the JVM starts; the JVM's first open file then takes
     * descriptor 2 (its modules image, read-only), so every write to System.err fails: the agent's
     * startup line, its socket lines and its exit summary among them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withStderrClosedTheApplicationRunsItsSocketsAreSizedAndItExitsWithZero(Jdk jdk) throws Exception {
        checkWithBrokenStderr(jdk, "2>&-");
    }

    /** /dev/full fails every write with ENOSPC: stderr on a full disk. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withStderrOnAFullDeviceTheApplicationRunsItsSocketsAreSizedAndItExitsWithZero(Jdk jdk) throws Exception {
        checkWithBrokenStderr(jdk, "2>/dev/full");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    @Timeout(value = 360, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theJvmExitsAsPromptlyWithTheAgentAsWithoutIt(Jdk jdk) throws Exception {
        List<String> tried = new ArrayList<>();
        for (int attempt = 0; attempt < TIMING_ATTEMPTS; attempt++) {
            long without = millisFromReleaseToExit(ForkedJvm.on(jdk), false);
            long with = millisFromReleaseToExit(ForkedJvm.on(jdk).withAgent(AGENT), true);
            if (with <= without + EXIT_SLACK_MILLIS) {
                return;
            }
            tried.add(with + " ms with the agent, " + without + " ms without");
        }
        fail(jdk + ": from the end of main to exit took more than " + EXIT_SLACK_MILLIS + " ms longer with the agent, "
                + TIMING_ATTEMPTS + " times: " + tried);
    }

    /**
     * System.exit while 64 threads are still opening sockets: the agent's shutdown hook runs
     * while its hooks are busy in other threads, writes the summary and lets the JVM go.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    @Timeout(value = 360, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void systemExitInTheMiddleOfOpeningSocketsExitsAsPromptlyWithTheAgentAsWithoutIt(Jdk jdk) throws Exception {
        List<String> tried = new ArrayList<>();
        for (int attempt = 0; attempt < TIMING_ATTEMPTS; attempt++) {
            String timing = exitInTheMiddleWithAndWithoutTheAgent(jdk);
            if (timing == null) {
                return;
            }
            tried.add(timing);
        }
        fail(jdk + ": with the agent the JVM ran more than " + EXIT_SLACK_MILLIS + " ms longer, " + TIMING_ATTEMPTS + " times: " + tried);
    }

    /** One pair of runs; every verdict but the timing one is asserted. null: within the slack, else the timings. */
    private static String exitInTheMiddleWithAndWithoutTheAgent(Jdk jdk) throws Exception {
        String[] load = {"-Dprobe.threads=64", "-Dprobe.millis=30000", "-Dprobe.exit.after.millis=1000"};
        long start = System.nanoTime();
        ForkedJvm.Result without = ForkedJvm.on(jdk).withOptions(load).run("load");
        long withoutMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        start = System.nanoTime();
        ForkedJvm.Result with = ForkedJvm.on(jdk).withAgent(AGENT).withOptions(load).run("load");
        long withMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(0, without.exitCode, without.toString());
        assertEquals(0, with.exitCode, with.toString());
        assertTrue(with.stdout.contains("load exit-in-the-middle\n"), with.toString());
        assertFalse(with.stdout.contains("load errors"), "the load ran to its end instead of being cut short: " + with);
        assertFalse(with.stdout.contains("load-error"), with.toString());
        assertTrue(with.stderr.contains("[sockbuf] at exit: tcp client "), "the summary was written: " + with);
        return withMillis <= withoutMillis + EXIT_SLACK_MILLIS ? null : withMillis + " ms with the agent, " + withoutMillis + " ms without";
    }

    private static long millisFromReleaseToExit(ForkedJvm jvm, boolean agent) throws Exception {
        try (ForkedJvm.Held held = jvm.hold("socket")) {
            long start = System.nanoTime();
            ForkedJvm.Result result = held.release();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, result.exitCode, result.toString());
            assertEquals(agent, result.stderr.contains("[sockbuf] at exit: tcp client 2 (2 as requested)"), result.toString());
            return millis;
        }
    }

    /**
     * Runs the probe's stderr-target scenario with stderr redirected by the shell before the JVM
     * starts, with and without the agent: both exit 0 with the same output apart from the sizes,
     * the agent still sizes every socket, and System.err really was unusable.
     */
    private static void checkWithBrokenStderr(Jdk jdk, String redirect) throws Exception {
        Run with = runWithStderr(jdk, redirect, true);
        Run without = runWithStderr(jdk, redirect, false);
        String context = jdk + " " + redirect + "\nwith the agent:\n" + with.stdout + "\nwithout:\n" + without.stdout;
        assertEquals(0, with.exitCode, context);
        assertEquals(0, without.exitCode, context);
        assertTrue(with.stdout.contains("stderr-write-failed true\n"), "System.err was really unusable: " + context);
        // The agent's lines go to descriptor 2 whatever it is: it must never be one of the sockets.
        assertFalse(with.stdout.matches("(?s).*stderr-fd socket:.*"), context);
        assertTrue(with.stdout.contains("HOLD\n"), context);
        for (String name : new String[] {"client", "ctor-client", "accepted", "ctor-accepted"}) {
            assertTrue(with.stdout.contains(name + " recv=" + RECV + " send=" + SEND + "\n"), name + " sized: " + context);
        }
        for (String name : new String[] {"listener", "bind-listener"}) {
            assertTrue(with.stdout.contains(name + " recv=" + RECV + " send=-1\n"), name + " sized: " + context);
        }
        assertEquals(withoutSizesAndPorts(without.stdout), withoutSizesAndPorts(with.stdout), context);
    }

    private static String withoutSizesAndPorts(String stdout) {
        return stdout.replaceAll("(?m)^ports .*\n", "").replaceAll("recv=-?\\d+ send=-?\\d+", "recv=? send=?");
    }

    private static Run runWithStderr(Jdk jdk, String redirect, boolean agent) throws Exception {
        // bash redirects fd 2, then runs java, which it is handed as $0
        JavaCommand command = JavaCommand.on(jdk).prefixedBy(List.of("bash", "-c", "exec " + redirect + "; exec \"$0\" \"$@\""));
        if (agent) {
            command.withAgentJar(JavaCommand.AGENT_JAR, null).withOptions(AGENT);
        }
        ProcessBuilder builder = command.probe("io.sockbuf.agent.probe.SocketProbe").withArguments("stderr-target").processBuilder()
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(jdk + " " + redirect + ": the JVM did not exit within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), stdout.get(10, TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class Run {
        final int exitCode;
        final String stdout;

        Run(int exitCode, String stdout) {
            this.exitCode = exitCode;
            this.stdout = stdout;
        }
    }
}
