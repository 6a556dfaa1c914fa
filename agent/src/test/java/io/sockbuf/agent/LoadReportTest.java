package io.sockbuf.agent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One load's report: the reply's lines are the log's texts with the prefixes the CLI reads. */
class LoadReportTest {

    @Test
    void warningsAreCappedPerLoadAndEachIsLoggedOncePerJvm() {
        Set<String> warned = new HashSet<>();
        warned.add("w0");
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < LoadReport.WARNINGS_SHOWN + 2; i++) {
            warnings.add("w" + i);
        }
        LoadReport report = new LoadReport(warned);
        report.settingsWarnings(warnings);
        String[] lines = report.reply().split("\n");
        assertEquals(LoadReport.WARNINGS_SHOWN + 1, lines.length);
        assertEquals("warning: w0", lines[0], "shown in the reply although already in the log");
        assertEquals("warning: ... and 2 more warnings about the settings (not shown; fix the ones above and restart to see them).",
                lines[LoadReport.WARNINGS_SHOWN]);
        assertEquals(LoadReport.WARNINGS_SHOWN, warned.size(), "the shown ones are now in the log");
        assertEquals("w" + (LoadReport.WARNINGS_SHOWN + 1), report.lastProblem(), "the last one is the last error, shown or not");
    }

    @Test
    void notesDoneLinesAndReplyOnlyStepsInTheirOrder() {
        LoadReport report = new LoadReport(new HashSet<String>());
        report.note("the mode stays apply");
        report.logOnly("sockbuf 1.0 on Java 17: recv 8192 bytes; kernel", false);
        report.replyOnly("started: hooks installed; recv 8192 bytes.");
        report.done("the agent was loaded a second time; settings updated", false);
        report.replyOnly("jmx: MBean sockbuf:type=Agent registered");
        assertEquals("note: the mode stays apply\nstarted: hooks installed; recv 8192 bytes.\n"
                + "the agent was loaded a second time; settings updated\njmx: MBean sockbuf:type=Agent registered\n", report.reply());
        assertNull(report.lastProblem());
        assertTrue(report.reply().indexOf("sockbuf 1.0") < 0, "the startup line is the log's");
    }
}
