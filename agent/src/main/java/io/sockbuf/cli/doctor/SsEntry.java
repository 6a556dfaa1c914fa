package io.sockbuf.cli.doctor;

/**
 * One TCP socket as the kernel reports it (from {@code ss -tinmeaH}, or fewer fields from
 * {@code /proc/net/tcp}). Absent numbers are {@link #NONE} (longs) or NaN (doubles).
 */
final class SsEntry {

    static final long NONE = -1;

    String state = "?";
    long recvQ = NONE;
    long sendQ = NONE;
    String local = "?";
    String remote = "?";
    long inode = NONE;
    /** skmem rb / tb: the buffer sizes the kernel holds (sk_rcvbuf, sk_sndbuf). */
    long rb = NONE;
    long tb = NONE;
    /** wscale:SND,RCV - the peer's scale, and the scale this socket applies to the window it advertises. */
    int sendWscale = -1;
    int receiveWscale = -1;
    double rttMs = Double.NaN;
    long deliveryRateBps = NONE;
    long busyMs = NONE;
    long rwndLimitedMs = NONE;
    double rwndLimitedPct = Double.NaN;
    long sndbufLimitedMs = NONE;
    double sndbufLimitedPct = Double.NaN;
    long bytesAcked = NONE;
    long bytesReceived = NONE;

    boolean isListener() {
        return state.equals("LISTEN");
    }

    /** The port after the last colon of {@link #local}; -1 when there is none. */
    int localPort() {
        return port(local);
    }

    static int port(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
