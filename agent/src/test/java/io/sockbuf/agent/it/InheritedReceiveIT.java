package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With only {@code recv} configured, an accepted socket holds the agent's receive size, inherited
 * from the listener the agent sized: it is counted as the agent's ("as requested"), not
 * "untouched", and its event still says the size came from the listener.
 */
class InheritedReceiveIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anAcceptedSocketHoldingTheAgentsListenerSizeIsCountedAsTheAgents(Jdk jdk) throws Exception {
        for (String scenario : new String[] {"socket", "nio"}) {
            ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.log.format=json", "-Dsockbuf.log=debug")
                    .run(scenario);
            assertEquals(0, run.exitCode, run.toString());
            JsonLog log = JsonLog.of(run);
            int accepted = 0;
            for (LogEvent event : log.lastPerSocket().values()) {
                if ("accepted".equals(event.role())) {
                    accepted++;
                    assertEquals("as requested", event.recv().outcome(), event.toString());
                    assertEquals("listener", event.recv().setBy(), event.toString());
                    assertEquals(24576, event.recv().effective(), event.toString());
                    assertTrue(event.message().contains("(inherited from the listener)"), event.toString());
                }
            }
            assertTrue(accepted > 0, run.toString());
            Map<String, Map<String, Integer>> summary = log.exitSummary().counts();
            assertEquals(Map.of("as requested", accepted), summary.get("tcp accepted"), run.stderr);
            assertEquals(log.countsByLastEvent(), summary, run.stderr);
        }
    }
}
