package io.sockbuf.agent.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unexpected error inside the agent on the socket path never reaches the application. */
class FaultsIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.it.Jdks#matrix")
    void anErrorInsideTheAgentIsLoggedOnceTheSocketWorksAndThatHookIsSwitchedOff(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("ten-connections");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(EverySocketKindIT.AGENT).withOptions("-Dsockbuf.test.failOn=tcp client").run("ten-connections");

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(without.stdout.split("\n").length, run.stdout.split("\n").length, "all ten connections worked: " + run);
        List<String> warnings = ConfigurationIT.warnings(run);
        assertEquals(1, warnings.size(), run.toString());
        assertTrue(warnings.get(0).contains("internal error while sizing a tcp client socket (the socket is unaffected)")
                && warnings.get(0).contains("sizing of tcp client sockets is switched off for the rest of this JVM"), warnings.get(0));
        assertTrue(run.stderr.contains("tcp accepted 10 (10 as requested)"), "other kinds go on: " + run);
        assertTrue(!run.stderr.contains("tcp client 1"), "no client was counted after the error: " + run);
    }
}
