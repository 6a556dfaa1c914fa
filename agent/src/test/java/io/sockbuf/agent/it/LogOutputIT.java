package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sockbuf.log.file, sockbuf.log.format=json and the kernel advice lines. */
class LogOutputIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void jsonFormatWritesOneObjectPerLineWithStableFields(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log.format=json").run("client-only");
        String[] lines = run.stderr.trim().split("\n");
        assertTrue(lines.length >= 4, run.toString());
        JsonLog log = JsonLog.of(run);
        assertEquals(lines.length, log.lines().size(), "every line is one JSON object: " + run);
        for (LogEvent line : log.lines()) {
            assertTrue(line.has("time") && line.has("level") && line.has("message"), line.toString());
        }
        LogEvent client = log.sockets("tcp client").stream().filter(event -> event.remote() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no connected client event: " + run));
        assertTrue(client.socket().matches("[0-9a-f]+"), client.toString());
        assertEquals("client", client.role(), client.toString());
        assertEquals(null, client.local(), client.toString());
        assertTrue(client.remote().matches("127\\.0\\.0\\.1:\\d+") && client.remote().equals(client.text("address")), client.toString());
        for (LogEvent.Sizes sizes : new LogEvent.Sizes[] {client.recv(), client.send()}) {
            assertEquals("as requested", sizes.outcome(), client.toString());
            assertEquals("agent", sizes.setBy(), client.toString());
            assertEquals(sizes.requested(), sizes.effective(), client.toString());
            assertEquals(2L * sizes.effective(), sizes.kernel(), client.toString());
        }
        assertEquals(24576, client.recv().requested(), client.toString());
        assertEquals(40960, client.send().requested(), client.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLogFileIsAppendedToAndStderrStaysQuiet(Jdk jdk, @TempDir Path directory) throws Exception {
        Path log = directory.resolve("sockbuf.log");
        for (int i = 0; i < 2; i++) {
            ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log.file=" + log).run("client-only");
            assertEquals("", run.stderr, run.toString());
            assertEquals(TestSizes.RECV, run.values().get("client").recv);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(2, lines.stream().filter(line -> line.contains("[sockbuf] at exit:")).count(), String.join("\n", lines));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLogFileThatCannotBeWrittenIsOneWarningAndTheLogStaysOnStderr(Jdk jdk, @TempDir Path directory) throws Exception {
        Path target = directory.resolve("real.log");
        Path link = directory.resolve("link.log");
        Files.createSymbolicLink(link, target);
        String[][] cases = {
            {directory.resolve("no/such/dir/sockbuf.log").toString(), "cannot be written"},
            {directory.toString(), "is a directory"},
            {link.toString(), "is a symbolic link, which sockbuf does not follow"}};
        for (String[] bad : cases) {
            ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.log.file=" + bad[0]).run("client-only");
            List<String> warnings = run.warnings();
            assertEquals(1, warnings.size(), run.toString());
            assertTrue(warnings.get(0).contains("the log file " + bad[0] + " " + bad[1]) && warnings.get(0).endsWith("logging to stderr instead."), warnings.get(0));
            assertTrue(run.stderr.contains("[sockbuf] at exit:"), run.toString());
            assertEquals(TestSizes.RECV, run.values().get("client").recv);
        }
        assertFalse(Files.exists(target), "nothing was written through the symbolic link");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void settingRecvNotesOnceThatAutotuningIsOffAndWhatTcpRmemWouldAllow(Jdk jdk) throws Exception {
        String tcpRmemMax = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_rmem")).get(0).trim().split("\\s+")[2];
        ForkedJvm.Result withRecv = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).run("ten-connections");
        assertEquals(1, withRecv.sockbufLines().stream().filter(line -> line.contains("stops autotuning")).count(), withRecv.toString());
        assertTrue(withRecv.stderr.contains("net.ipv4.tcp_rmem max = " + tcpRmemMax + " bytes, while sockbuf.recv=24576 fixes it at 49152"), withRecv.toString());

        ForkedJvm.Result sendOnly = ForkedJvm.on(jdk).withAgent("-Dsockbuf.send=40k").run("client-only");
        assertFalse(sendOnly.stderr.contains("autotuning"), sendOnly.toString());
    }
}
