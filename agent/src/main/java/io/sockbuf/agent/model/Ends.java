package io.sockbuf.agent.model;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A socket's two ends for one log line: {@code ip:port}, IPv6 in brackets ({@code [::1]:53734}),
 * null where not known. Only computed for lines that are written.
 */
public final class Ends implements SocketEnds {

    public final String local;
    public final String remote;
    /** The text between the kind and the colon of a line: " 127.0.0.1:5000 <-> 127.0.0.1:40312", " to ...". */
    private final String text;
    /** Whose ends: only its identity is written (JSON "socket"), to tell which events belong to one socket. */
    public final Object socket;

    private Ends(String local, String remote, String text, Object socket) {
        this.local = local;
        this.remote = remote;
        this.text = text;
        this.socket = socket;
    }

    @Override
    public Ends ends() {
        return this;
    }

    public String text() {
        return text;
    }

    /** The former single address field: the remote end where known, else the local one, else empty. */
    public String address() {
        return remote != null ? remote : local != null ? local : "";
    }

    /** A client about to connect: only the peer is known. */
    public static Ends to(InetSocketAddress remote, Object socket) {
        String peer = format(remote);
        return new Ends(null, peer, " to " + peer, socket);
    }

    /**
     * A listener or UDP socket about to bind: the address it asks for ("binding to", as the bind may
     * still fail). Port 0 lets the kernel choose one, not known yet: the port is left out, and
     * {@code local} is null rather than an address the socket never gets.
     */
    public static Ends binding(InetSocketAddress local, Object socket) {
        if (local != null && local.getPort() == 0) {
            String host = format(local);
            return new Ends(null, null, " binding to " + host.substring(0, host.lastIndexOf(':')) + " (a port the kernel chooses)", socket);
        }
        String own = format(local);
        return new Ends(own, null, " binding to " + own, socket);
    }

    /** Both ends as the socket reports them (either may be null: not bound, not connected). */
    public static Ends of(InetSocketAddress local, InetSocketAddress remote, Object socket) {
        String own = format(local);
        String peer = format(remote);
        if (own == null && peer == null) {
            return none(socket);
        }
        return new Ends(own, peer, " " + (own == null ? "?" : own) + (peer == null ? "" : " <-> " + peer), socket);
    }

    /**
     * A java.net socket impl, whose text shows only its local port and its peer; the local address
     * (null where not known) is read apart, for the JSON field only.
     */
    public static Ends ofImpl(InetAddress localAddress, String localPort, String remoteHost, String remotePort, Object socket) {
        String peer = bracketed(remoteHost) + ":" + remotePort;
        String own = localAddress == null ? null : bracketed(localAddress.getHostAddress()) + ":" + localPort;
        return new Ends(own, peer, " local port " + localPort + " <-> " + peer, socket);
    }

    /** Not known (not connected yet, or a format this code does not know). */
    public static Ends none(Object socket) {
        return new Ends(null, null, "", socket);
    }

    /** The same ends, the text followed by what kind of socket it is: {@code " 10.0.0.1:80 <-> ... (Netty epoll)"}. */
    public Ends named(String name) {
        return new Ends(local, remote, text + " (" + name + ")", socket);
    }

    public static String format(InetSocketAddress address) {
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
