package io.sockbuf.agent.bridge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;

/** The address a rule is matched against, from what the hooks hand over. Never a DNS lookup. */
final class Addresses {

    private Addresses() {
    }

    /** A connect or bind argument; null when it is not an internet address. */
    static InetSocketAddress of(Object socketAddress) {
        return socketAddress instanceof InetSocketAddress ? (InetSocketAddress) socketAddress : null;
    }

    /** {@code bind(InetAddress, int)}: a null host is the wildcard address. */
    static InetSocketAddress of(Object host, int port) {
        return host instanceof InetAddress ? new InetSocketAddress((InetAddress) host, port) : new InetSocketAddress(port);
    }

    /** An accepted socket, as rules see it: the peer's address and the local (listening) port. */
    static InetSocketAddress ofAccepted(Object socket) throws Exception {
        SocketAddress remote = null;
        SocketAddress local = null;
        if (socket instanceof SocketChannel) {
            remote = ((SocketChannel) socket).getRemoteAddress();
            local = ((SocketChannel) socket).getLocalAddress();
        } else if (socket instanceof AsynchronousSocketChannel) {
            remote = ((AsynchronousSocketChannel) socket).getRemoteAddress();
            local = ((AsynchronousSocketChannel) socket).getLocalAddress();
        } else if (socket instanceof SocketImpl) {
            SocketImplText text = SocketImplText.of(socket);
            return text.remoteHost == null || text.localPort == null ? null
                    : new InetSocketAddress(InetAddress.getByName(text.remoteHost), Integer.parseInt(text.localPort));
        } else if (socket instanceof NettyEpollSocket) {
            InetSocketAddress[] ends = ((NettyEpollSocket) socket).ends();
            local = ends[0];
            remote = ends[1];
        }
        if (!(remote instanceof InetSocketAddress) || !(local instanceof InetSocketAddress)) {
            return null;
        }
        return new InetSocketAddress(((InetSocketAddress) remote).getAddress(), ((InetSocketAddress) local).getPort());
    }
}
