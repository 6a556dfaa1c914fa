package io.sockbuf.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which lines of the agent's answer are parts of this attach request that it refused. */
class RefusedPartsTest {

    private static final String STATUS = "sockbuf 1.0.0 in JVM 42 (Java 17)\n  mode:        apply\nlast error: note: in the status\n";

    @Test
    void warningsAboutTheRequestsOwnKeysAndEveryNoteAreRefused() {
        String answer = "warning: agent argument colour is not a sockbuf setting and is ignored; known: recv.\n"
                + "warning: agent argument rules: rule \"bogus\" is left out: \"bogus\" is not a role.\n"
                + "note: the mode stays apply as at the first start; restart the JVM to use override.\n"
                + "the agent was loaded a second time; settings updated: recv 24576 bytes\n" + STATUS;
        assertEquals(List.of("warning: agent argument colour is not a sockbuf setting and is ignored; known: recv.",
                "warning: agent argument rules: rule \"bogus\" is left out: \"bogus\" is not a role.",
                "note: the mode stays apply as at the first start; restart the JVM to use override."),
                RefusedParts.in(answer, List.of("recv=24k", "colour=blue", "rules=bogus", "mode=override")));
    }

    @Test
    void warningsAboutTheTargetsOwnSettingsStartupChecksAndEarlierLoadsAreNot() {
        String answer = "warning: -Dsockbuf.colour is not a sockbuf setting and is ignored.\n"
                + "warning: agent argument recvx is not a sockbuf setting and is ignored.\n"
                + "warning: agent argument foo is not a sockbuf setting and is ignored.\n"
                + "warning: the AppCDS archive app.jsa was made without the agent: sharing is off.\n"
                + "jmx: MBean sockbuf:type=Agent registered\n"
                + "started: hooks installed; recv 8192 bytes.\n" + STATUS;
        assertEquals(List.of(), RefusedParts.in(answer, List.of("recv=8k", "jmx=true")));
    }

    @Test
    void theConfigFileItNamesAndAFailedJmxRegistrationAreRefused() {
        String answer = "warning: /etc/sb.properties: recv=\"12x\" is not accepted: it is not a number.\n"
                + "jmx: could not register the MBean sockbuf:type=Agent; JMX is off: x\n" + STATUS;
        assertEquals(2, RefusedParts.in(answer, List.of("config=/etc/sb.properties", "jmx=true")).size());
    }
}
