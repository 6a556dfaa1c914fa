package io.sockbuf.cli.doctor;

import io.sockbuf.agent.config.ByteSize;

/**
 * The advice for one connection, from its kernel facts and buffer verdicts. Each piece names the
 * command that applies it; "java -jar sockbuf-agent.jar" stands for this CLI.
 */
final class Advisor {

    /** A limited share below this is noise (ss prints one decimal; short bursts hit the window briefly). */
    static final double LIMITED_PCT_THRESHOLD = 1.0;
    /** The bandwidth recv-locked sizes its example for: a 10 Gbit/s link at the measured RTT. */
    private static final double EXAMPLE_LINK_BYTES_PER_SECOND = 10e9 / 8;
    private static final long MAX_WINDOW_UNSCALED = 65535;
    private static final String CLI = "java -jar sockbuf-agent.jar";

    private final String pid;
    private final TcpSysctls sysctls;

    Advisor(String pid, TcpSysctls sysctls) {
        this.pid = pid;
        this.sysctls = sysctls;
    }

    void advise(Connection connection) {
        sysctlCap(connection, connection.recv);
        sysctlCap(connection, connection.send);
        recvLocked(connection);
        windowCapped(connection);
        rwndLimited(connection);
        sndbufLimited(connection);
    }

    private void sysctlCap(Connection connection, BufferVerdict buffer) {
        long max = sysctls.max(buffer.receive);
        if (!"agent".equals(buffer.setBy) || max <= 0 || buffer.request <= max) {
            return;
        }
        String sysctl = TcpSysctls.maxName(buffer.receive);
        connection.advice.add(new Advice(Advice.SYSCTL_CAP, "sockbuf requests " + (buffer.receive ? "recv " : "send ")
                + buffer.request + " bytes, above " + sysctl + " = " + max + ": the kernel holds " + buffer.bytes
                + " (2 x " + max + "). Raise the ceiling (as root) for sockets opened from then on:",
                "sysctl -w " + sysctl + "=" + buffer.request));
    }

    private void recvLocked(Connection connection) {
        BufferVerdict recv = connection.recv;
        long autotuningMax = sysctls.tcpRmem[2];
        if (!recv.isLocked() || autotuningMax <= 0 || recv.bytes >= autotuningMax) {
            return;
        }
        long suggestion = suggestedReceiveRequest(connection.kernel.rttMs);
        String who = recv.setBy.equals("unknown") ? "" : " by the " + recv.setBy;
        String command = recv.setBy.equals("agent")
                ? CLI + " attach " + pid + " recv=unset (autotuning for new sockets), or recv=" + ByteSize.format(suggestion)
                : "start the JVM with -javaagent:sockbuf-agent.jar=mode=auto (drops the application's SO_RCVBUF, so autotuning stays on)";
        connection.advice.add(new Advice(Advice.RECV_LOCKED, "receive buffer locked at " + recv.bytes + " bytes" + who
                + " (" + recv.how + "); unlocked, autotuning could grow it to " + TcpSysctls.tcpMemName(true) + " max "
                + autotuningMax + ". Leave recv unset, or set it before connect to at least bandwidth x RTT"
                + exampleBdp(connection.kernel.rttMs) + ":", command));
    }

    private void windowCapped(Connection connection) {
        BufferVerdict recv = connection.recv;
        SsEntry kernel = connection.kernel;
        int unlockedScale = scaleFor(sysctls.tcpRmem[2]);
        if (!recv.isLocked() || kernel.receiveWscale < 0 || unlockedScale < 0 || kernel.receiveWscale >= unlockedScale) {
            return;
        }
        long window = Math.min(MAX_WINDOW_UNSCALED << kernel.receiveWscale, recv.bytes);
        double cap = Double.isNaN(kernel.rttMs) || kernel.rttMs <= 0 ? Double.NaN : capBitsPerSecond(window, kernel.rttMs);
        String atRtt = Double.isNaN(cap) ? "; no RTT measured yet"
                : "; at the measured RTT " + Units.millis(kernel.rttMs) + " that caps this connection at "
                + Units.bitsPerSecond(cap) + " (window / RTT), whatever the link";
        connection.advice.add(new Advice(Advice.WINDOW_CAPPED, "window scale " + kernel.receiveWscale
                + " (fixed at the handshake from the locked buffer; unlocked sockets here get " + unlockedScale
                + ") caps the receive window at min(65535 x 2^" + kernel.receiveWscale + ", rb " + recv.bytes + ") = "
                + window + " bytes" + atRtt + ". Only a connection opened after a larger recv is set gets a larger scale:",
                CLI + " attach " + pid + " recv=" + ByteSize.format(suggestedReceiveRequest(kernel.rttMs)) + "  (then reconnect)", cap));
    }

    private void rwndLimited(Connection connection) {
        SsEntry kernel = connection.kernel;
        if (!(kernel.rwndLimitedPct >= LIMITED_PCT_THRESHOLD)) {
            return;
        }
        String recv = "recv=" + ByteSize.format(suggestedReceiveRequest(kernel.rttMs));
        String command;
        if (connection.peerInSameJvm) {
            // The reading end is this JVM's own socket: a rule for the peer's role and port raises only it.
            String peerRule = connection.role.equals(Connection.CLIENT)
                    ? "accepted:port=" + SsEntry.port(kernel.remote) : "client:port=" + kernel.localPort();
            command = CLI + " attach " + pid + " " + rulesArgument(peerRule + ":" + recv);
        } else {
            command = "on the peer's JVM: " + CLI + " doctor PEER_PID, then " + CLI + " attach PEER_PID " + recv;
        }
        connection.advice.add(new Advice(Advice.RWND_LIMITED, Units.percent(kernel.rwndLimitedPct) + " of its busy time ("
                + kernel.rwndLimitedMs + " of " + kernel.busyMs + " ms) this connection waited for the peer's receive window:"
                + " the receiver at " + kernel.remote + (connection.peerInSameJvm ? " (a socket of this same JVM)" : "")
                + " reads too slowly or has a small (locked) receive buffer. Raise it there: leave recv unset, or at least"
                + " bandwidth x RTT" + exampleBdp(kernel.rttMs) + ":", command));
    }

    private void sndbufLimited(Connection connection) {
        SsEntry kernel = connection.kernel;
        if (!(kernel.sndbufLimitedPct >= LIMITED_PCT_THRESHOLD)) {
            return;
        }
        // The kernel doubles the request: asking for today's tb doubles the buffer.
        long request = Math.max(connection.send.bytes, 64 * 1024);
        connection.advice.add(new Advice(Advice.SNDBUF_LIMITED, Units.percent(kernel.sndbufLimitedPct) + " of its busy time ("
                + kernel.sndbufLimitedMs + " of " + kernel.busyMs + " ms) this connection was limited by its own send buffer (tb "
                + connection.send.bytes + ", " + (connection.send.isLocked() ? "locked" : "locked: " + connection.send.locked)
                + "). Raise send for connections opened from then on:",
                CLI + " attach " + pid + " " + rulesArgument(ownRule(connection) + ":send=" + ByteSize.format(roundUpToKib(request)))
                        + "  (or send=" + ByteSize.format(roundUpToKib(request)) + " for every socket)"));
    }

    /** A rule matching this connection's kind of socket: clients by the peer's port, accepted ones by the listening port. */
    private static String ownRule(Connection connection) {
        return connection.role.equals(Connection.ACCEPTED) ? "accepted:port=" + connection.kernel.localPort()
                : "client:port=" + SsEntry.port(connection.kernel.remote);
    }

    /** rules= replaces the rules in force, which the user has to keep. */
    private static String rulesArgument(String rule) {
        return "'rules=" + rule + "'  (replaces the JVM's rules: add those in force, see status)";
    }

    /** window / RTT in bits per second. */
    static double capBitsPerSecond(long windowBytes, double rttMs) {
        return windowBytes * 8 / (rttMs / 1000);
    }

    /** The smallest window scale whose maximum window covers {@code bytes}, as the kernel picks it (at most 14). */
    static int scaleFor(long bytes) {
        if (bytes <= 0) {
            return -1;
        }
        int scale = 0;
        while (scale < 14 && (MAX_WINDOW_UNSCALED << scale) < bytes) {
            scale++;
        }
        return scale;
    }

    /** Bandwidth x RTT of the example link, at least 64 KiB, rounded up to whole KiB. */
    private static long suggestedReceiveRequest(double rttMs) {
        double bdp = Double.isNaN(rttMs) ? 0 : EXAMPLE_LINK_BYTES_PER_SECOND * rttMs / 1000;
        return roundUpToKib(Math.max(64 * 1024, (long) Math.ceil(bdp)));
    }

    private static String exampleBdp(double rttMs) {
        if (Double.isNaN(rttMs) || rttMs <= 0) {
            return "";
        }
        return "; at the measured RTT " + Units.millis(rttMs) + ", 10 Gbit/s needs "
                + (long) Math.ceil(EXAMPLE_LINK_BYTES_PER_SECOND * rttMs / 1000) + " bytes";
    }

    private static long roundUpToKib(long bytes) {
        return (bytes + 1023) / 1024 * 1024;
    }
}
