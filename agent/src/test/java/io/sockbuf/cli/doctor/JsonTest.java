package io.sockbuf.cli.doctor;

import io.sockbuf.cli.target.AgentPresence;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written JSON writer and the class path check of AgentPresence. */
class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\u000ad\\u0009\"", Json.quote("a\"b\\c\nd\t"));
        assertEquals("\"× ≥\"", Json.quote("× ≥"), "non-ASCII is left to the output encoding (doctor's own texts are ASCII)");
    }

    @Test
    void absentNumbersAreNullAndFlagsAreBooleansOrStrings() {
        String json = new Json().field("n", -1L).field("d", Double.NaN).field("x", 2.5).field("whole", 3.0)
                .flag("locked", "true").flag("maybe", "unknown").field("s", (String) null).end();

        assertEquals("{\"n\":null,\"d\":null,\"x\":2.5,\"whole\":3,\"locked\":true,\"maybe\":\"unknown\",\"s\":null}", json);
    }

    @Test
    void aJarOnTheClassPathOrRunWithDashJarIsNotAnAgent() {
        assertTrue(AgentPresence.onClassPath(new String[] {"java", "-jar", "/opt/sockbuf-agent.jar", "list"}, "sockbuf-agent.jar"));
        assertTrue(AgentPresence.onClassPath(new String[] {"java", "-cp", "a.jar:lib/sockbuf-agent.jar", "Main"}, "sockbuf-agent.jar"));
        assertFalse(AgentPresence.onClassPath(new String[] {"java", "-cp", "app.jar", "Main"}, "sockbuf-agent.jar"));
    }
}
