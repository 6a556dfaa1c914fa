package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the kernel grants something else than requested, the log says why and what to do. */
class KernelOutcomeIT {

    private static final String JSON = "-Dsockbuf.log.format=json";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRequestAboveRmemMaxIsCappedAndTheLogNamesTheSysctl(Jdk jdk) throws Exception {
        long rmemMax = Long.parseLong(Files.readAllLines(Paths.get("/proc/sys/net/core/rmem_max")).get(0).trim());
        long request = 2 * rmemMax;
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=" + request, JSON).run("client-only");

        assertEquals(rmemMax, run.values().get("client").recv, run.toString());
        LogEvent client = JsonLog.of(run).sockets("tcp client").get(0);
        assertEquals("capped", client.recv().outcome(), client.toString());
        assertEquals(request, client.recv().requested(), client.toString());
        assertEquals(rmemMax, client.recv().effective(), client.toString());
        assertEquals(2 * rmemMax, client.recv().kernel(), client.toString());
        assertEquals("warn", client.level(), client.toString());
        assertTrue(client.message().contains("net.core.rmem_max=" + rmemMax) && client.message().contains("sysctl -w net.core.rmem_max=" + request),
                "names the limit and the command that raises it: " + client);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRequestBelowTheKernelMinimumIsRaisedAndSaysSo(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=100", JSON).run("client-only");

        int effective = run.values().get("client").recv;
        assertTrue(effective > 100, run.toString());
        LogEvent client = JsonLog.of(run).sockets("tcp client").get(0);
        assertEquals("raised", client.recv().outcome(), client.toString());
        assertEquals(100, client.recv().requested(), client.toString());
        assertEquals(effective, client.recv().effective(), client.toString());
        assertEquals(2L * effective, client.recv().kernel(), client.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anApplicationThatSizesItsOwnSocketWins(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).run("late-app-set");
        assertEquals(32768, run.values().get("app-sized-client").recv, run.toString());
        assertEquals(32768, run.values().get("app-sized-client").send, run.toString());
    }
}
