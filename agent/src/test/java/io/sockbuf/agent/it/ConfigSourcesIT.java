package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every configuration source through the shaded jar, and their precedence: agent argument, then
 * -Dsockbuf.*, then SOCKBUF_* environment variables, then the file named by sockbuf.config.
 */
class ConfigSourcesIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void agentArgumentsSizeSockets(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent().withAgentArguments("recv=24k,send=40k").run("client-only");
        assertEquals(24576, run.values().get("client").recv, run.toString());
        assertEquals(40960, run.values().get("client").send, run.toString());
        assertTrue(run.stderr.contains("recv 24576 bytes (agent argument recv=24k), send 40960 bytes (agent argument send=40k)"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void environmentVariablesSizeSocketsAlsoThroughJavaToolOptions(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk)
                .withEnvironment("JAVA_TOOL_OPTIONS", "-javaagent:" + JavaCommand.AGENT_JAR.getAbsolutePath())
                .withEnvironment("SOCKBUF_RECV", "24k").withEnvironment("SOCKBUF_SEND", "40k").run("client-only");
        assertEquals(24576, run.values().get("client").recv, run.toString());
        assertEquals(40960, run.values().get("client").send, run.toString());
        assertTrue(run.stderr.contains("recv 24576 bytes (SOCKBUF_RECV=24k)"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aPropertiesFileSizesSockets(Jdk jdk, @TempDir Path directory) throws Exception {
        Path file = directory.resolve("sockbuf.properties");
        Files.write(file, "# sizes for this JVM\nrecv=24k\nsockbuf.send=40k\n".getBytes(StandardCharsets.UTF_8));
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.config=" + file).run("client-only");
        assertEquals(24576, run.values().get("client").recv, run.toString());
        assertEquals(40960, run.values().get("client").send, run.toString());
        assertTrue(run.stderr.contains("recv 24576 bytes (" + file + ": recv=24k)"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void agentArgumentsBeatPropertiesWhichBeatTheEnvironmentWhichBeatsTheFile(Jdk jdk, @TempDir Path directory) throws Exception {
        Path file = directory.resolve("sockbuf.properties");
        Files.write(file, "recv=8k\nsend=8k\nlog=debug\n".getBytes(StandardCharsets.UTF_8));
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=40k", "-Dsockbuf.recv=12k")
                .withAgentArguments("recv=24k")
                .withEnvironment("SOCKBUF_SEND", "16k").withEnvironment("SOCKBUF_LOG", "info")
                .withEnvironment("SOCKBUF_CONFIG", file.toString()).run("client-only");
        assertEquals(24576, run.values().get("client").recv, "agent argument over -D: " + run);
        assertEquals(40960, run.values().get("client").send, "-D over environment: " + run);
        assertTrue(run.stderr.contains("log level info"), "environment over file: " + run);
        assertEquals(0, run.warnings().size(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aConfigFileThatCannotBeReadIsOneWarningAndTheRestStillWorks(Jdk jdk, @TempDir Path directory) throws Exception {
        Path missing = directory.resolve("missing.properties");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.config=" + missing, "-Dsockbuf.recv=24k").run("client-only");
        assertEquals(1, run.warnings().size(), run.toString());
        assertTrue(run.warnings().get(0).contains("-Dsockbuf.config=" + missing + " cannot be read"), run.toString());
        assertEquals(24576, run.values().get("client").recv, run.toString());
    }
}
