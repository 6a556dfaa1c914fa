package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
            Map<String, Map<String, Object>> last = JsonLog.lastPerSocket(JsonLog.socketEvents(run.stderr));
            int accepted = 0;
            for (Map<String, Object> event : last.values()) {
                if ("accepted".equals(event.get("role"))) {
                    accepted++;
                    Map<String, Object> receive = JsonLog.direction(event, "recv");
                    assertEquals("as requested", receive.get("outcome"), event.toString());
                    assertEquals("listener", receive.get("setBy"), event.toString());
                    assertEquals(24576, JsonLog.number(receive.get("effective")), event.toString());
                    assertTrue(((String) event.get("message")).contains("(inherited from the listener)"), event.toString());
                }
            }
            assertTrue(accepted > 0, run.toString());
            Map<String, Map<String, Integer>> summary = JsonLog.exitSummary(run.stderr);
            assertNotNull(summary, run.toString());
            assertEquals(Map.of("as requested", accepted), summary.get("tcp accepted"), run.stderr);
            assertEquals(JsonLog.countsOf(last), summary, run.stderr);
        }
    }
}
