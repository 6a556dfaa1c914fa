package io.sockbuf.agent.sizing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortBitsTest {

    @Test
    void addedPortsAreHeldAndTheirNeighboursNot() {
        PortBits ports = new PortBits();
        ports.add(64 * 9 + 63);
        ports.add(1);
        ports.add(65535);
        assertTrue(ports.holds(64 * 9 + 63) && ports.holds(1) && ports.holds(65535));
        assertFalse(ports.holds(64 * 9 + 62) || ports.holds(64 * 10) || ports.holds(2));
    }

    @Test
    void numbersThatAreNoPortAreNeverHeld() {
        PortBits ports = new PortBits();
        for (int notAPort : new int[] {-1, 0, 65536, 70000}) {
            ports.add(notAPort);
            assertFalse(ports.holds(notAPort), "" + notAPort);
        }
    }
}
