package io.sockbuf.agent.bridge;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/**
 * Sets and reads SO_RCVBUF / SO_SNDBUF through public API only, whatever object the hook hands
 * over: a socket impl, a channel, a socket, or a Netty epoll socket. No --add-opens needed.
 */
final class BufferOptions {

    private BufferOptions() {
    }

    static void set(Object target, boolean receive, int bytes) throws IOException {
        if (target instanceof NettyEpollSocket) {
            ((NettyEpollSocket) target).set(receive, bytes);
        } else if (target instanceof NetworkChannel) {
            ((NetworkChannel) target).setOption(receive ? StandardSocketOptions.SO_RCVBUF : StandardSocketOptions.SO_SNDBUF, bytes);
        } else if (target instanceof SocketOptions) {
            ((SocketOptions) target).setOption(receive ? SocketOptions.SO_RCVBUF : SocketOptions.SO_SNDBUF, bytes);
        } else if (receive) {
            ((Socket) target).setReceiveBufferSize(bytes);
        } else {
            ((Socket) target).setSendBufferSize(bytes);
        }
    }

    static int get(Object target, boolean receive) throws IOException {
        if (target instanceof NettyEpollSocket) {
            return ((NettyEpollSocket) target).get(receive);
        } else if (target instanceof NetworkChannel) {
            return ((NetworkChannel) target).getOption(receive ? StandardSocketOptions.SO_RCVBUF : StandardSocketOptions.SO_SNDBUF);
        } else if (target instanceof SocketOptions) {
            return (Integer) ((SocketOptions) target).getOption(receive ? SocketOptions.SO_RCVBUF : SocketOptions.SO_SNDBUF);
        } else if (receive) {
            return ((Socket) target).getReceiveBufferSize();
        } else {
            return ((Socket) target).getSendBufferSize();
        }
    }
}
