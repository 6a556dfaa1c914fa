package io.sockbuf.demo;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, with stdin closed as in a script: the demo with the shaded agent jar
 * and {@code -Dsockbuf.recv=8k -Dsockbuf.send=16k -Dsockbuf.rules=udp:recv=64m} exits by itself,
 * and its output has the agent's capped line (64 MiB is above net.core.rmem_max), the window scale
 * of its own connection and the doctor command with its pid.
 */
class DemoWithAgentTest {

    private static final File AGENT_JAR = new File("../agent/target/sockbuf-agent.jar");

    @Test
    void theReadmeCommandShowsTheCappedRequestTheWindowScaleAndTheDoctorHintAndDoesNotWaitForAScript() throws Exception {
        Assumptions.assumeTrue(AGENT_JAR.isFile(), "the agent jar is built first (mvnw package, reactor order)");
        long rmemMax = Long.parseLong(WindowScale.read("/proc/sys/net/core/rmem_max").trim());
        Assumptions.assumeTrue(rmemMax < 64L << 20, "net.core.rmem_max is below 64 MiB on this host");
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("-javaagent:" + AGENT_JAR.getAbsolutePath());
        command.add("-Dsockbuf.recv=8k");
        command.add("-Dsockbuf.send=16k");
        command.add("-Dsockbuf.rules=udp:recv=64m");
        command.add("-cp");
        command.add("target/classes");
        command.add("io.sockbuf.demo.DemoApp");
        File out = File.createTempFile("sockbuf-demo", ".out");
        File err = File.createTempFile("sockbuf-demo", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process demo = builder.start();
            demo.getOutputStream().close();
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "with stdin closed the demo ends by itself");
            String stdout = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
            String stderr = new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
            String context = stdout + "\n--- stderr\n" + stderr;
            assertEquals(0, demo.exitValue(), context);
            assertTrue(stderr.contains("[sockbuf] udp, rule \"udp:recv=64m\": recv 67108864 -> " + rmemMax + " (kernel holds " + 2 * rmemMax
                    + "): capped by net.core.rmem_max=" + rmemMax + "; to allow it run as root: sysctl -w net.core.rmem_max=67108864"), context);
            assertTrue(stdout.contains("Socket client                8192      16384\n"), context);
            assertTrue(stdout.matches("(?s).*TCP window scale of the client connection: \\d+ for its receive window \\(ss: wscale:\\d+,\\d+\\).*")
                    || stdout.contains("TCP window scale of the client connection: unknown (ss"), context);
            assertTrue(stdout.contains("  java -jar agent/target/sockbuf-agent.jar doctor " + demo.pid() + "\n"), context);
            assertTrue(stdout.contains("stdin is not a terminal: closing now"), context);
        } finally {
            out.delete();
            err.delete();
        }
    }
}
