package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the kernel grants something else than requested, the log says why and what to do. */
class KernelOutcomeIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRequestAboveRmemMaxIsCappedAndTheLogNamesTheSysctl(Jdk jdk) throws Exception {
        long rmemMax = Long.parseLong(Files.readAllLines(Paths.get("/proc/sys/net/core/rmem_max")).get(0).trim());
        long request = 2 * rmemMax;
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=" + request).run("client-only");

        assertEquals(rmemMax, run.values().get("client").recv, run.toString());
        assertTrue(run.stderr.contains("recv " + request + " -> " + rmemMax + " (kernel holds " + 2 * rmemMax + "): capped by net.core.rmem_max=" + rmemMax), run.toString());
        assertTrue(run.stderr.contains("sysctl -w net.core.rmem_max=" + request), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRequestBelowTheKernelMinimumIsRaisedAndSaysSo(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=100").run("client-only");

        int effective = run.values().get("client").recv;
        assertTrue(effective > 100, run.toString());
        assertTrue(run.stderr.contains("recv 100 -> " + effective + " (kernel holds " + 2 * effective + "): raised to the kernel's minimum"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anApplicationThatSizesItsOwnSocketWins(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).run("late-app-set");
        assertEquals(32768, run.values().get("app-sized-client").recv, run.toString());
        assertEquals(32768, run.values().get("app-sized-client").send, run.toString());
    }
}
