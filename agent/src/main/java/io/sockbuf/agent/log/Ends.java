package io.sockbuf.agent.log;

import io.sockbuf.agent.bridge.NettyEpollSocket;
import io.sockbuf.agent.bridge.SocketImplText;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * A socket's two ends for one log line: {@code ip:port}, IPv6 in brackets ({@code [::1]:53734}),
 * null where not known. Only computed for lines that are written.
 */
final class Ends {

    final String local;
    final String remote;
    /** The text between the kind and the colon of a line: " 127.0.0.1:5000 <-> 127.0.0.1:40312", " to ...". */
    private final String text;
    /** Whose ends: only its identity is written (JSON "socket"), to tell which events belong to one socket. */
    final Object socket;

    private Ends(String local, String remote, String text, Object socket) {
        this.local = local;
        this.remote = remote;
        this.text = text;
        this.socket = socket;
    }

    String text() {
        return text;
    }

    /** The former single address field: the remote end where known, else the local one, else empty. */
    String address() {
        return remote != null ? remote : local != null ? local : "";
    }

    /** A client about to connect: only the peer is known. */
    static Ends to(InetSocketAddress remote, Object socket) {
        String peer = format(remote);
        return new Ends(null, peer, " to " + peer, socket);
    }

    /** A listener or UDP socket about to bind. */
    static Ends at(InetSocketAddress local, Object socket) {
        String own = format(local);
        return new Ends(own, null, " at " + own, socket);
    }

    static Ends of(Object socket) {
        try {
            SocketAddress local = null;
            SocketAddress remote = null;
            if (socket instanceof Socket) {
                local = ((Socket) socket).getLocalSocketAddress();
                remote = ((Socket) socket).getRemoteSocketAddress();
            } else if (socket instanceof SocketChannel) {
                local = ((SocketChannel) socket).getLocalAddress();
                remote = ((SocketChannel) socket).getRemoteAddress();
            } else if (socket instanceof AsynchronousSocketChannel) {
                local = ((AsynchronousSocketChannel) socket).getLocalAddress();
                remote = ((AsynchronousSocketChannel) socket).getRemoteAddress();
            } else if (socket instanceof NetworkChannel) {
                local = ((NetworkChannel) socket).getLocalAddress();
            } else if (socket instanceof SocketImpl) {
                SocketImplText impl = SocketImplText.of(socket);
                // not connected (yet), or a format this code does not know: no address
                if (!impl.connected() || impl.localPort == null) {
                    return new Ends(null, null, "", socket);
                }
                String peer = bracketed(impl.remoteHost) + ":" + impl.remotePort;
                return new Ends(null, peer, " local port " + impl.localPort + " <-> " + peer, socket);
            } else if (socket instanceof NettyEpollSocket) {
                // a new wrapper each time: the identity is Netty's socket object
                NettyEpollSocket epoll = (NettyEpollSocket) socket;
                InetSocketAddress[] ends = epoll.ends();
                String own = format(ends[0]);
                String peer = format(ends[1]);
                String text = own == null && peer == null ? "" : " " + (own == null ? "?" : own) + (peer == null ? "" : " <-> " + peer);
                return new Ends(own, peer, text + " (" + socket + ")", epoll.identity());
            }
            String own = local instanceof InetSocketAddress ? format((InetSocketAddress) local) : null;
            String peer = remote instanceof InetSocketAddress ? format((InetSocketAddress) remote) : null;
            if (own == null && peer == null) {
                return new Ends(null, null, "", socket);
            }
            return new Ends(own, peer, " " + (own == null ? "?" : own) + (peer == null ? "" : " <-> " + peer), socket);
        } catch (Exception e) {
            return new Ends(null, null, "", socket);
        }
    }

    static String format(InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return bracketed(host) + ":" + address.getPort();
    }

    private static String bracketed(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        int zone = host.indexOf('%');
        String literal = zone < 0 ? host : host.substring(0, zone);
        try {
            // 0:0:0:0:0:0:0:1 -> ::1, the form ss and most tools print
            literal = compress(literal);
        } catch (RuntimeException e) {
            // keep it as it is
        }
        return "[" + literal + (zone < 0 ? "" : host.substring(zone)) + "]";
    }

    /** RFC 5952 form of a full IPv6 literal: the longest run of zero groups becomes "::". */
    static String compress(String full) {
        String[] groups = full.split(":", -1);
        if (groups.length != 8 || full.contains("::")) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (Integer.parseInt(groups[i], 16) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
