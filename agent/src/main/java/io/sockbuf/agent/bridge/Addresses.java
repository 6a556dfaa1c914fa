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
            return ofSocketImplText(socket.toString());
        }
        if (!(remote instanceof InetSocketAddress) || !(local instanceof InetSocketAddress)) {
            return null;
        }
        return new InetSocketAddress(((InetSocketAddress) remote).getAddress(), ((InetSocketAddress) local).getPort());
    }

    /** SocketImpl shows its addresses only as text: "Socket[addr=/10.0.0.1,port=5000,localport=8080]". */
    private static InetSocketAddress ofSocketImplText(String text) throws Exception {
        String remote = between(text, "addr=", ",");
        String localPort = between(text, "localport=", "]");
        if (remote == null || localPort == null || remote.equals("null")) {
            return null;
        }
        // "/10.0.0.1" or "name/10.0.0.1": the literal after the slash needs no lookup.
        InetAddress address = InetAddress.getByName(remote.substring(remote.indexOf('/') + 1));
        return new InetSocketAddress(address, Integer.parseInt(localPort));
    }

    static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = from < 0 ? -1 : text.indexOf(end, from + start.length());
        return to < 0 ? null : text.substring(from + start.length(), to);
    }
}
