package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.probe.UnnamedLoaderApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call sites in code from a class loader without a name (a URLClassLoader, as Spring Boot's
 * launcher and many containers use) name the application's own frame, not the launcher that
 * called it by reflection nor "(JDK code)"; two lines that set the same size stay two call sites.
 */
class CallSiteIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void callSitesInAnUnnamedLoadersCodeNameTheApplicationsFrameOnePerLine(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.log.format=json")
                .running("io.sockbuf.agent.probe.UnnamedLoaderLauncher", JavaCommand.PROBE_CLASSES)
                .run("unnamed-loader");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("loader true name null"), "the app class is the unnamed loader's own: " + run);
        List<LogEvent> sets = JsonLog.of(run).events("application-set");
        String prefix = UnnamedLoaderApp.class.getName() + ".run(UnnamedLoaderApp.java:";
        TreeSet<Object> callSites = sets.stream().map(event -> event.text("callSite")).collect(Collectors.toCollection(TreeSet::new));
        // at info each distinct size and call site is written once: the same size from two lines gives two events
        assertEquals(new TreeSet<>(List.of(prefix + UnnamedLoaderApp.FIRST_LINE + ")", prefix + UnnamedLoaderApp.SECOND_LINE + ")")),
                callSites, run.stderr);
    }
}
