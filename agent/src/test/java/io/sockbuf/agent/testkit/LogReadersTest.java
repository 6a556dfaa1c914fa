package io.sockbuf.agent.testkit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers the forked-JVM tests state their facts with: the JSON log and the exit summary. */
class LogReadersTest {

    private static final String CLIENT = "{\"time\":\"2026-12-01T22:00:00Z\",\"level\":\"info\",\"event\":\"socket\",\"socket\":\"1a2b\","
            + "\"kind\":\"tcp client\",\"role\":\"client\",\"local\":null,\"remote\":\"127.0.0.1:4000\",\"address\":\"127.0.0.1:4000\","
            + "\"recv\":{\"requested\":24576,\"effective\":24576,\"kernel\":49152,\"outcome\":\"as requested\",\"setBy\":\"agent\"},"
            + "\"send\":{\"requested\":-1,\"effective\":16384,\"kernel\":32768,\"outcome\":\"application\",\"setBy\":\"application\","
            + "\"callSite\":\"a.B.c(B.java:1)\"},\"message\":\"tcp client to 127.0.0.1:4000: ...\"}";
    private static final String SUMMARY = "at exit: tcp client 3 (1 as requested, 2 application); udp 1 (1 capped)";

    @Test
    void aSocketEventReadsAsFields() {
        LogEvent event = LogEvent.parse(CLIENT);
        assertEquals("socket", event.event());
        assertEquals("tcp client", event.kind());
        assertNull(event.local());
        assertEquals("127.0.0.1:4000", event.remote());
        assertEquals(49152, event.recv().kernel());
        assertEquals("application", event.send().setBy());
        assertEquals("a.B.c(B.java:1)", event.send().callSite());
        assertNull(event.recv().callSite());
    }

    @Test
    void theLogKeepsJsonLinesOnlyAndLeavesOutALastLineStillBeingWritten() {
        JsonLog log = JsonLog.of("OpenJDK warning\n" + CLIENT + "\n" + CLIENT.substring(0, 40));
        assertEquals(1, log.lines().size());
        assertEquals(1, log.sockets("tcp client").size());
        assertEquals(Map.of("1a2b", log.lines().get(0)), log.lastPerSocket());
    }

    @Test
    void aBrokenJsonLineFails() {
        assertThrows(IllegalArgumentException.class, () -> JsonLog.of("{\"level\":\"info\",}\n"));
    }

    @Test
    void theExitSummaryReadsAsCountsInTextAndInJson() {
        ExitSummary text = ExitSummary.in("[sockbuf] sockbuf ...\n[sockbuf] " + SUMMARY + "\n");
        assertEquals(3, text.total("tcp client"));
        assertEquals(2, text.count("tcp client", "application"));
        assertEquals(1, text.count("udp", "capped"));
        assertEquals(0, text.total("tcp listener"));
        assertTrue(!text.everySocketAsRequested());
        ExitSummary json = ExitSummary.in("{\"time\":\"t\",\"level\":\"info\",\"message\":\"" + SUMMARY + "\"}\n");
        assertEquals(text.counts(), json.counts());
        assertEquals(ExitSummary.asRequested("tcp client", 2), ExitSummary.in("[sockbuf] at exit: tcp client 2 (2 as requested)\n").counts());
    }

    @Test
    void noSummaryFails() {
        assertThrows(AssertionError.class, () -> ExitSummary.in("[sockbuf] sockbuf ...\n"));
    }
}
