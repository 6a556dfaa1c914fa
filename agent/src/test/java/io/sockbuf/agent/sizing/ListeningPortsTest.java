package io.sockbuf.agent.sizing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ports this JVM accepted on, exact for any number of listeners. */
class ListeningPortsTest {

    @Test
    void everyPortAcceptedOnIsKnownBeyondAThousandListeners() {
        for (int port = 40000; port < 41200; port++) {
            ListeningPorts.accepted(port);
        }
        for (int port = 40000; port < 41200; port++) {
            assertTrue(ListeningPorts.acceptedOn(port), "port " + port);
        }
        assertFalse(ListeningPorts.acceptedOn(41200), "a port after the last");
        assertFalse(ListeningPorts.acceptedOn(39999), "a port before the first");
    }

    @Test
    void neighboursInOneWordStayApart() {
        ListeningPorts.accepted(64 * 700 + 63);
        assertTrue(ListeningPorts.acceptedOn(64 * 700 + 63));
        assertFalse(ListeningPorts.acceptedOn(64 * 700 + 62));
        assertFalse(ListeningPorts.acceptedOn(64 * 701));
        ListeningPorts.accepted(65535);
        assertTrue(ListeningPorts.acceptedOn(65535));
    }

    @Test
    void aPortNotKnownIsTakenForAccepted() {
        assertTrue(ListeningPorts.acceptedOn(-1));
        assertTrue(ListeningPorts.acceptedOn(0));
        ListeningPorts.accepted(-1);
        ListeningPorts.accepted(70000);
        assertTrue(ListeningPorts.acceptedOn(70000), "no port number is that high");
    }
}
