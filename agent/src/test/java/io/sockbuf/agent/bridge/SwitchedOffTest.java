package io.sockbuf.agent.bridge;

import io.sockbuf.agent.model.SocketRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An error switches off only its entry point (and kind), and is said once. */
class SwitchedOffTest {

    @AfterEach
    void reset() {
        SwitchedOff.reset();
    }

    @Test
    void anEntryPointSwitchedOffForEveryKindLeavesTheOtherEntryPointsOn() {
        assertTrue(SwitchedOff.switchOff(EntryPoint.NETTY_EPOLL_CREATED, null));
        assertFalse(SwitchedOff.switchOff(EntryPoint.NETTY_EPOLL_CREATED, null), "said once");
        assertFalse(SwitchedOff.switchOff(EntryPoint.NETTY_EPOLL_CREATED, SocketRole.CLIENT), "already off");
        assertTrue(SwitchedOff.isOff(EntryPoint.NETTY_EPOLL_CREATED));
        for (SocketRole kind : SocketRole.values()) {
            assertTrue(SwitchedOff.isOff(EntryPoint.NETTY_EPOLL_CREATED, kind));
            for (EntryPoint other : EntryPoint.values()) {
                if (other != EntryPoint.NETTY_EPOLL_CREATED) {
                    assertFalse(SwitchedOff.isOff(other, kind), other + " " + kind);
                }
            }
        }
    }

    @Test
    void oneKindOffLeavesTheOtherKindsOfThatEntryPointOn() {
        assertTrue(SwitchedOff.switchOff(EntryPoint.SOCKET_CREATED, SocketRole.CLIENT));
        assertTrue(SwitchedOff.isOff(EntryPoint.SOCKET_CREATED, SocketRole.CLIENT));
        assertFalse(SwitchedOff.isOff(EntryPoint.SOCKET_CREATED, SocketRole.LISTENER));
        assertFalse(SwitchedOff.isOff(EntryPoint.SOCKET_CREATED), "not every kind");
        assertTrue(SwitchedOff.switchOff(EntryPoint.SOCKET_CREATED, null), "the rest goes off now");
    }
}
