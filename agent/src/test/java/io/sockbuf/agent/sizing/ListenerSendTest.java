package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.BufferResult;
import org.junit.jupiter.api.Test;

import java.nio.channels.ServerSocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An accepted socket is left alone only while every listener the JVM made holds the same send size
 * from the agent. The JVM-wide state only ever moves towards "set each one", so each test here
 * first makes it differ: what it checks holds from any state.
 */
class ListenerSendTest {

    private static final int REQUEST = 40960;

    @Test
    void aListenerWithoutTheSizeMakesEveryAcceptedSocketBeSetFromThenOn() throws Exception {
        ListenerSend send = new ListenerSend(REQUEST);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            // No Instrumentation here to open sun.nio.ch: the channel refuses SO_SNDBUF, so this listener does not get it.
            assertEquals(BufferResult.UNSET, send.setOn(SocketHandle.of(listener)));
        }
        assertFalse(send.heldBy(REQUEST, false));
    }

    @Test
    void listenersTheAgentMayNotSeeMakeEveryAcceptedSocketBeSet() {
        ListenerSend.listenersMayDiffer();
        assertFalse(new ListenerSend(REQUEST).heldBy(REQUEST, false));
    }

    @Test
    void noRequestAnotherRequestOrListenersFromBeforeTheAgentAreNeverHeld() {
        assertFalse(new ListenerSend(BufferResult.UNSET).heldBy(BufferResult.UNSET, false));
        assertFalse(new ListenerSend(REQUEST).heldBy(65536, false), "a rule's other size");
        assertFalse(new ListenerSend(REQUEST).heldBy(REQUEST, true), "listeners may predate the agent");
    }
}
