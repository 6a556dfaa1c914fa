package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.CliRun;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.LiveJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI in a JVM that carries the agent itself, as in the README's container recipe
 * ({@code JAVA_TOOL_OPTIONS=-javaagent:.../sockbuf-agent.jar} for every JVM of the image): there
 * the agent's Boot-Class-Path makes the CLI a boot class, which cannot see jdk.attach.
 */
class CliInAgentJvmIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void statusAndAttachWorkWithTheAgentInJavaToolOptions(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            CliRun cli = CliRun.on(jdk).withEnvironment("JAVA_TOOL_OPTIONS", LiveJvm.agent());

            CliRun.Finished status = cli.run("status", probe.pid());
            assertEquals(0, status.result.exitCode, status.toString());
            assertTrue(status.result.stderr.contains("Picked up JAVA_TOOL_OPTIONS"), "the CLI's JVM carries the agent: " + status);
            assertFalse(status.result.stderr.contains("no Attach API"), status.toString());
            assertTrue(status.result.stdout.contains("not active:"), status.toString());

            CliRun.Finished attach = cli.run("attach", probe.pid(), "recv=24k", "send=40k");
            assertEquals(0, attach.result.exitCode, attach.toString());
            assertTrue(attach.result.stdout.startsWith("Attached to JVM " + probe.pid()), attach.toString());
            assertEquals(Buffers.of(24576, 40960), probe.open("after").get("after-client"), probe.stderr());

            CliRun.Finished list = cli.run("list");
            assertEquals(0, list.result.exitCode, list.toString());
            assertTrue(list.result.stdout.contains(probe.pid() + " "), list.toString());
        }
    }
}
