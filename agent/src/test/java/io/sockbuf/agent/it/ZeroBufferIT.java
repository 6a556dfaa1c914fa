package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SO_RCVBUF=0 from the application in override mode: where the JDK refuses 0 the application gets
 * the same exception as without the agent (the mode never changes what the JDK's API promises);
 * where the JDK takes it (Linux would raise it to its minimum), override replaces it with the
 * configured size like any other size.
 */
class ZeroBufferIT {

    private static final String PROBE = "io.sockbuf.agent.probe.ZeroBufferProbe";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void overrideReplacesAZeroTheJdkTakesAndLeavesTheJdksExceptionWhereItRefusesIt(Jdk jdk) throws Exception {
        String classes = JavaCommand.PROBE_CLASSES;
        Map<String, String> without = lines(ForkedJvm.on(jdk).running(PROBE, classes).run("zero"));
        Map<String, String> override = lines(ForkedJvm.on(jdk).running(PROBE, classes)
                .withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.mode=override").run("zero"));
        assertEquals(without.keySet(), override.keySet(), override.toString());
        int taken = 0;
        for (Map.Entry<String, String> api : without.entrySet()) {
            String with = override.get(api.getKey());
            if (api.getValue().startsWith("ok ")) {
                taken++;
                assertEquals("ok 24576", with, api.getKey() + ": the JDK takes 0 (" + api.getValue() + " without the agent)");
            } else {
                assertEquals(api.getValue(), with, api.getKey() + ": the JDK's own answer to 0");
            }
        }
        assertTrue(taken >= 2, "channels take 0 on every JDK: " + without);
    }

    /** Observe reports the sets that took effect, with what the kernel holds, and none the JDK refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void observeReportsNoSetTheJdkRefused(Jdk jdk) throws Exception {
        String classes = JavaCommand.PROBE_CLASSES;
        Map<String, String> without = lines(ForkedJvm.on(jdk).running(PROBE, classes).run("zero"));
        ForkedJvm.Result observed = ForkedJvm.on(jdk).running(PROBE, classes).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.mode=observe",
                "-Dsockbuf.log.format=json", "-Dsockbuf.log=debug").run("zero");
        assertEquals(without, lines(observed), "observe changes nothing");
        long taken = without.values().stream().filter(result -> result.startsWith("ok ")).count();
        java.util.List<LogEvent> sets = JsonLog.of(observed).events("application-set");
        assertEquals(taken, sets.size(), "one event per set that took effect, none for a refused one:\n" + without + "\n" + observed.stderr);
        for (LogEvent set : sets) {
            assertEquals(0, set.number("value"), set.toString());
            assertEquals("application", set.recv().setBy(), set.toString());
        }
    }

    private static Map<String, String> lines(ForkedJvm.Result run) {
        assertEquals(0, run.exitCode, run.toString());
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : run.stdout.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                lines.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return lines;
    }
}
