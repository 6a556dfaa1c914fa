package io.sockbuf.agent.bridge;

import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The role of a JDK channel, from its type and state. */
final class ChannelKinds {

    private ChannelKinds() {
    }

    /** A channel's kind; null for a channel the agent leaves alone (Unix-domain) or an object that is none. */
    static SocketKind of(Object channel) throws Exception {
        if (channel instanceof SocketChannel) {
            SocketChannel socketChannel = (SocketChannel) channel;
            if (!socketChannel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                return null; // a Unix-domain channel: no TCP window to size
            }
            return socketChannel.isConnected() ? SocketKind.TCP_ACCEPTED : SocketKind.TCP_CLIENT;
        }
        if (channel instanceof ServerSocketChannel) {
            // Unix-domain listeners (JDK 16+) offer SO_RCVBUF but not SO_REUSEADDR.
            boolean inet = ((ServerSocketChannel) channel).supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR);
            return inet ? SocketKind.TCP_LISTENER : null;
        }
        if (channel instanceof DatagramChannel) {
            return SocketKind.UDP;
        }
        if (channel instanceof AsynchronousSocketChannel) {
            return ((AsynchronousSocketChannel) channel).getRemoteAddress() != null
                    ? SocketKind.TCP_ACCEPTED : SocketKind.TCP_CLIENT;
        }
        if (channel instanceof AsynchronousServerSocketChannel) {
            return SocketKind.TCP_LISTENER;
        }
        return null;
    }
}
