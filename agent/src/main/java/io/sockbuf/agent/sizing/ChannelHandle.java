package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Ends;
import io.sockbuf.agent.model.SocketRole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** An NIO or asynchronous channel: its role from its type and state. */
final class ChannelHandle extends SocketHandle {

    private final NetworkChannel channel;

    ChannelHandle(NetworkChannel channel) {
        super(channel);
        this.channel = channel;
    }

    @Override
    SocketRole findRole() throws IOException {
        if (channel instanceof SocketChannel) {
            if (!channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                return null; // a Unix-domain channel: no TCP window to size
            }
            return ((SocketChannel) channel).isConnected() ? SocketRole.ACCEPTED : SocketRole.CLIENT;
        }
        if (channel instanceof ServerSocketChannel) {
            // Unix-domain listeners (JDK 16+) offer SO_RCVBUF but not SO_REUSEADDR.
            return channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR) ? SocketRole.LISTENER : null;
        }
        if (channel instanceof DatagramChannel) {
            return SocketRole.UDP;
        }
        if (channel instanceof AsynchronousSocketChannel) {
            return connected() ? SocketRole.ACCEPTED : SocketRole.CLIENT;
        }
        return channel instanceof AsynchronousServerSocketChannel ? SocketRole.LISTENER : null;
    }

    @Override
    public void set(Direction direction, int bytes) throws IOException {
        channel.setOption(direction.option(), bytes);
    }

    @Override
    boolean setBeforeItIsShared(Direction direction, int bytes) throws IOException {
        return NativeBufferWriter.setOnChannel(channel, direction, bytes);
    }

    /** Asynchronous listeners are no selectable channels: their accepted sockets are sized one by one. */
    @Override
    boolean setListenerSend(int bytes) throws IOException {
        return channel instanceof ServerSocketChannel && ListenerChannelCall.set(channel, bytes);
    }

    @Override
    boolean listeningAlready() {
        try {
            return channel instanceof ServerSocketChannel && channel.getLocalAddress() != null;
        } catch (IOException e) {
            return true; // not known: as if it did
        }
    }

    @Override
    int listenerSend() {
        return channel instanceof ServerSocketChannel ? ListenerChannelCall.get(channel) : super.listenerSend();
    }

    @Override
    public int get(Direction direction) throws IOException {
        return channel.getOption(direction.option());
    }

    @Override
    boolean connected() throws IOException {
        if (channel instanceof SocketChannel) {
            return ((SocketChannel) channel).isConnected();
        }
        return channel instanceof AsynchronousSocketChannel && ((AsynchronousSocketChannel) channel).getRemoteAddress() != null;
    }

    @Override
    boolean isOpen() {
        return ((Channel) channel).isOpen();
    }

    @Override
    int localPort() {
        try {
            SocketAddress local = channel.getLocalAddress();
            return local instanceof InetSocketAddress ? ((InetSocketAddress) local).getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    InetSocketAddress acceptedAddress() throws IOException {
        SocketAddress remote = remote();
        SocketAddress local = channel.getLocalAddress();
        if (!(remote instanceof InetSocketAddress) || !(local instanceof InetSocketAddress)) {
            return null;
        }
        return new InetSocketAddress(((InetSocketAddress) remote).getAddress(), ((InetSocketAddress) local).getPort());
    }

    private SocketAddress remote() throws IOException {
        if (channel instanceof SocketChannel) {
            return ((SocketChannel) channel).getRemoteAddress();
        }
        return channel instanceof AsynchronousSocketChannel ? ((AsynchronousSocketChannel) channel).getRemoteAddress() : null;
    }

    @Override
    public Ends ends() {
        try {
            SocketAddress local = channel.getLocalAddress();
            SocketAddress remote = remote();
            return Ends.of(local instanceof InetSocketAddress ? (InetSocketAddress) local : null,
                    remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null, socket);
        } catch (Exception e) {
            return Ends.none(socket);
        }
    }
}
