package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One view of every socket object a hook hands over: its role, its buffers and its ends. */
class SocketHandleTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void channelsTellTheirRoleByTypeAndState() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept();
             SocketChannel unconnected = SocketChannel.open();
             DatagramChannel udp = DatagramChannel.open();
             AsynchronousServerSocketChannel asyncListener = AsynchronousServerSocketChannel.open();
             AsynchronousSocketChannel asyncClient = AsynchronousSocketChannel.open()) {
            assertEquals(SocketRole.LISTENER, SocketHandle.of(listener).role());
            assertEquals(SocketRole.ACCEPTED, SocketHandle.of(accepted).role(), "connected: as rules see it, an accepted socket");
            assertEquals(SocketRole.ACCEPTED, SocketHandle.of(client).role(), "a connected client cannot tell, stateless");
            assertEquals(SocketRole.CLIENT, SocketHandle.of(unconnected).role());
            assertEquals(SocketRole.UDP, SocketHandle.of(udp).role());
            assertEquals(SocketRole.LISTENER, SocketHandle.of(asyncListener).role());
            assertEquals(SocketRole.CLIENT, SocketHandle.of(asyncClient).role());
            assertNull(SocketHandle.of("not a socket"));
        }
    }

    @Test
    void buffersAreSetAndReadThroughTheChannelsOwnOptions() throws Exception {
        try (SocketChannel channel = SocketChannel.open()) {
            SocketHandle handle = SocketHandle.of(channel);
            handle.set(Direction.RECEIVE, 32768);
            handle.set(Direction.SEND, 40960);
            assertEquals((int) channel.getOption(Direction.RECEIVE.option()), handle.get(Direction.RECEIVE));
            assertEquals((int) channel.getOption(Direction.SEND.option()), handle.get(Direction.SEND));
        }
    }

    @Test
    void anAcceptedSocketsEndsAndRuleAddressAreItsPeerAndTheListeningPort() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            int peerPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            SocketHandle handle = SocketHandle.of(accepted);
            assertEquals(new InetSocketAddress(LOOPBACK, port), handle.acceptedAddress());
            assertEquals(LOOPBACK.getHostAddress() + ":" + port, handle.ends().local);
            assertEquals(LOOPBACK.getHostAddress() + ":" + peerPort, handle.ends().remote);
            assertTrue(handle.ends().text().contains(" <-> "), handle.ends().text());
        }
    }

    @Test
    void unixDomainChannelsHaveNoRole() throws Exception {
        java.net.ProtocolFamily unix;
        try {
            unix = java.net.StandardProtocolFamily.valueOf("UNIX"); // JDK 16+
        } catch (IllegalArgumentException e) {
            return;
        }
        try (SocketChannel channel = (SocketChannel) SocketChannel.class.getMethod("open", java.net.ProtocolFamily.class).invoke(null, unix)) {
            assertNull(SocketHandle.of(channel).role());
        }
    }

    /** System.inheritedChannel hands over a listener that is bound already: its backlog predates the agent's set. */
    @Test
    void aListenerThatIsBoundWhenTheAgentSeesItListensAlready() throws Exception {
        try (ServerSocketChannel fresh = ServerSocketChannel.open();
             ServerSocketChannel bound = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            assertFalse(SocketHandle.of(fresh).listeningAlready());
            assertTrue(SocketHandle.of(bound).listeningAlready());
        }
    }
}
