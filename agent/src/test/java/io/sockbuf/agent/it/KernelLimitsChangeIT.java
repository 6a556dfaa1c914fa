package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LiveJvm;
import io.sockbuf.agent.testkit.LogEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code net.core.rmem_max} raised while the JVM runs: the next socket's line explains the new
 * cap instead of blaming the kernel for "a different size". Changes a host-wide sysctl (root only;
 * it is not per network namespace), so it runs alone and puts the old value back.
 */
@Isolated("changes net.core.rmem_max for the whole host")
class KernelLimitsChangeIT {

    private static final Path RMEM_MAX = Paths.get("/proc/sys/net/core/rmem_max");

    /** With a plain read: Files.readAllBytes trusts the size procfs reports and returns too little. */
    private static long readRmemMax() throws Exception {
        try (java.io.InputStream in = new java.io.FileInputStream(RMEM_MAX.toFile())) {
            return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLimitRaisedAtRunTimeIsReReadBeforeTheNextSocketIsExplained(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(Files.isWritable(RMEM_MAX), "needs root to change net.core.rmem_max");
        long before = readRmemMax();
        long request = 4 * before;
        try (LiveJvm jvm = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=" + request, "-Dsockbuf.log=debug",
                "-Dsockbuf.log.format=json")) {
            assertEquals(before, jvm.open("first").get("first-client").recv);
            Files.write(RMEM_MAX, Long.toString(2 * before).getBytes(StandardCharsets.US_ASCII));
            try {
                Thread.sleep(1100); // the agent re-reads the limits at most once a second
                assertEquals(2 * before, jvm.open("second").get("second-client").recv);
            } finally {
                Files.write(RMEM_MAX, Long.toString(before).getBytes(StandardCharsets.US_ASCII));
            }
            // The agent's log is written by its own thread: wait (capped) for the second client's event.
            Predicate<LogEvent> raisedClient = event -> "tcp client".equals(event.kind()) && event.recv().effective() == 2 * before;
            JsonLog log = JsonLog.of(jvm.stderrWhen(text -> JsonLog.of(text).events().stream().anyMatch(raisedClient)));
            LogEvent raised = log.events().stream().filter(raisedClient).findFirst()
                    .orElseThrow(() -> new AssertionError("no client event with the raised size:\n" + log));
            assertEquals("capped", raised.recv().outcome(), raised.toString());
            assertTrue(raised.message().contains("net.core.rmem_max=" + 2 * before), "names the limit as it is now: " + raised);
            assertTrue(jvm.stderr().contains("the kernel's limits changed since they were read"), jvm.stderr());
        }
    }
}
