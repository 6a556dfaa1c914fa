package io.sockbuf.agent.control;

import io.sockbuf.agent.config.AgentArgumentSource;
import io.sockbuf.agent.config.ConfigSource;
import io.sockbuf.agent.config.Key;
import io.sockbuf.agent.config.RuntimeOverrides;
import io.sockbuf.agent.config.SettingsReader;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status report reads everything from one state: each setting with the origin recorded for it. */
class StatusReportTest {

    @Test
    void eachSettingShowsTheSourceThatSetItIncludingRunTimeOverrides() {
        AgentArgumentSource firstLoad = new AgentArgumentSource("recv=8k,send=8k,mode=observe");
        RuntimeOverrides overrides = RuntimeOverrides.NONE.with(Key.RECV, "64k", "JMX ReceiveBuffer")
                .with(new AgentArgumentSource("send=unset"));
        AgentState.Change change = AgentState.first(null, "attach (agentmain)", firstLoad);
        change.overrides = overrides;
        change.settings = SettingsReader.read(Arrays.<ConfigSource>asList(overrides, firstLoad));
        change.loads = 2;
        change.updates = 1;
        AgentState state = change.done();

        List<String> lines = Arrays.asList(StatusReport.of(state).split("\n"));
        assertTrue(lines.contains("  started by:  attach (agentmain); loaded 2 times, settings updated 1 time"), lines.toString());
        assertTrue(lines.contains("  recv:        65536 bytes (JMX ReceiveBuffer=64k)"), lines.toString());
        assertTrue(lines.contains("  send:        unset (left alone, agent argument send=unset)"), lines.toString());
        assertTrue(lines.contains("  mode:        observe (agent argument mode=observe)"), lines.toString());
        assertTrue(lines.contains("  log:         info (default), to stderr"), lines.toString());
        assertTrue(lines.contains("  jmx:         off"), lines.toString());
        assertTrue(lines.contains("last error: none"), lines.toString());
    }

    @Test
    void aStateIsNotChangedByTheNextOne() {
        AgentState.Change change = AgentState.first(null, "-javaagent (premain)", new AgentArgumentSource("recv=8k"));
        change.settings = SettingsReader.read(Arrays.<ConfigSource>asList(change.firstLoad));
        change.warned.add("w");
        AgentState first = change.done();
        AgentState.Change next = first.change();
        next.warned.add("x");
        next.lastSettingsProblem = "x";
        next.jmx = "MBean sockbuf:type=Agent registered";
        AgentState second = next.done();
        assertEquals(1, first.warned.size());
        assertEquals("off", first.jmx);
        assertEquals(null, StatusReport.lastError(first));
        assertEquals(2, second.warned.size());
        assertEquals("x", StatusReport.lastError(second));
    }

    @Test
    void beforeAnyLoadTheReportSaysNotActive() {
        assertTrue(StatusReport.of(null).contains("not active: this JVM was neither started with -javaagent:sockbuf-agent.jar nor attached to"));
    }
}
