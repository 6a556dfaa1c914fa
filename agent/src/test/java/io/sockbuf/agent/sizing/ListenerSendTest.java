package io.sockbuf.agent.sizing;

import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.model.BufferResult;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether a port's accepted sockets hold their send size from the listener, learnt from the first
 * one's size as getsockopt reads it (here the test gives an accepted socket the size itself, as a
 * listener that holds it would have).
 */
class ListenerSendTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int REQUEST = 40960;
    private static final KernelLimits KERNEL = KernelLimits.read();

    @Test
    void aPortWhoseFirstAcceptedSocketHoldsTheRequestIsLeftAloneFromThenOn() throws Exception {
        ListenerSend send = new ListenerSend(REQUEST);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, REQUEST);
                assertTrue(send.heldBy(SocketHandle.of(accepted), port, REQUEST, KERNEL));
            }
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
                assertTrue(send.heldBy(SocketHandle.of(accepted), port, REQUEST, KERNEL), "learnt: not read again");
                send.missedOn(port);
                assertFalse(send.heldBy(SocketHandle.of(accepted), port, REQUEST, KERNEL), "a miss: read again, and this one holds the default");
            }
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, REQUEST);
                assertFalse(send.heldBy(SocketHandle.of(accepted), port, REQUEST, KERNEL), "a port found without it sets each socket");
            }
        }
    }

    @Test
    void aPortWhoseFirstAcceptedSocketHoldsAnotherSizeSetsEachOne() throws Exception {
        ListenerSend send = new ListenerSend(REQUEST);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            assertFalse(send.heldBy(SocketHandle.of(accepted), port, REQUEST, KERNEL), "the kernel's default, not the request");
        }
    }

    @Test
    void noRequestAnotherRequestOrNoPortIsNeverHeld() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, REQUEST);
            assertFalse(new ListenerSend(BufferResult.UNSET).heldBy(SocketHandle.of(accepted), port, BufferResult.UNSET, KERNEL));
            assertFalse(new ListenerSend(REQUEST).heldBy(SocketHandle.of(accepted), port, 65536, KERNEL), "a rule's other size");
            assertFalse(new ListenerSend(REQUEST).heldBy(SocketHandle.of(accepted), -1, REQUEST, KERNEL), "port not known");
        }
    }

    @Test
    void aListenerWithoutAWayToItsDescriptorIsNotGivenTheSize() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            // No Instrumentation here to open sun.nio.ch: the channel refuses SO_SNDBUF, and its accepted sockets are set one by one.
            assertEquals(BufferResult.UNSET, new ListenerSend(REQUEST).setOn(SocketHandle.of(listener)));
        }
    }
}
