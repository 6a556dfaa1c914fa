package io.sockbuf.agent.sizing;

/**
 * The addresses of a java.net {@code SocketImpl}, which shows them only as text:
 * {@code Socket[addr=/10.0.0.1,port=5000,localport=8080]} (its getters are protected). Read in one
 * place for the log, the rules and the modes; parts missing from the text are null.
 */
final class SocketImplText {

    /** The peer's address literal ("10.0.0.1"), without the host name part; null when not connected. */
    final String remoteHost;
    final String remotePort;
    final String localPort;

    private SocketImplText(String remoteHost, String remotePort, String localPort) {
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
        this.localPort = localPort;
    }

    static SocketImplText of(Object socketImpl) {
        String text = socketImpl.toString();
        String remote = between(text, "addr=", ",");
        // "/10.0.0.1" or "name/10.0.0.1": the literal after the slash needs no lookup.
        String host = remote == null || remote.equals("null") ? null : remote.substring(remote.indexOf('/') + 1);
        return new SocketImplText(host, between(text, "port=", ","), between(text, "localport=", "]"));
    }

    /** Whether the impl has a peer (a port of 0 means not yet connected). */
    boolean connected() {
        return remoteHost != null && remotePort != null && !remotePort.equals("0");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = from < 0 ? -1 : text.indexOf(end, from + start.length());
        return to < 0 ? null : text.substring(from + start.length(), to);
    }
}
