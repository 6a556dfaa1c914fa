package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found by the hostile tester on main 35b81a2: {@code sockbuf.config} is opened and read in full
 * whatever it names. A FIFO without a writer blocks premain in {@code FileInputStream.open}
 * (main never runs); {@code /dev/zero} (or any huge file) is read until the heap is exhausted:
 * with the default heap that is ~45 s and ~4.4 GB RSS before main runs, with
 * {@code -XX:+ExitOnOutOfMemoryError} the JVM exits with code 3, and every other setting
 * (here {@code -Dsockbuf.recv=8k}) is lost with it ("the agent could not start"). Like
 * {@code log.file}, the config file should be opened only when it is a regular file, and read
 * with a size cap. Both cases fail on main (once main compiles again).
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileConfigIT {

    private static final String PROBE = "io.sockbuf.agent.probe.BlockedOutputProbe";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aConfigFileThatIsAFifoDoesNotHoldUpMain(Jdk jdk, @TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("config.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        ForkedJvm.Result result = ForkedJvm.on(jdk).withTimeout(30)
                .withAgent(TestSizes.agentWith("-Dsockbuf.recv=8k", "-Dsockbuf.config=" + fifo))
                .running(PROBE, JavaCommand.PROBE_CLASSES).run("main");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stdout.contains("main ran"), result.toString());
        assertTrue(result.stderr.contains("recv 8192 bytes"), "the other settings still apply:\n" + result.stderr);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void devZeroAsTheConfigFileNeitherExhaustsTheHeapNorLosesTheOtherSettings(Jdk jdk) throws Exception {
        ForkedJvm.Result result = ForkedJvm.on(jdk).withTimeout(30)
                .withOptions("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")
                .withAgent(TestSizes.agentWith("-Dsockbuf.recv=8k", "-Dsockbuf.config=/dev/zero"))
                .running(PROBE, JavaCommand.PROBE_CLASSES).run("main");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stdout.contains("main ran"), result.toString());
        assertTrue(!result.stderr.contains("OutOfMemoryError"), result.toString());
        assertTrue(result.stderr.contains("recv 8192 bytes"), "the other settings still apply:\n" + result.stderr);
    }
}
