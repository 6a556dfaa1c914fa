package io.sockbuf.cli.doctor;

import java.io.PrintStream;

/** The report for people: a block per socket, advice last with its command. */
final class TextReport {

    private TextReport() {
    }

    static void print(Connection connection, PrintStream out) {
        SsEntry kernel = connection.kernel;
        out.println(connection.role + "  " + kernel.local + (connection.role.equals(Connection.LISTENER) ? ""
                : (connection.role.equals(Connection.ACCEPTED) ? " <- " : " -> ") + kernel.remote)
                + "  " + kernel.state + "  Recv-Q " + kernel.recvQ + "  Send-Q " + kernel.sendQ);
        out.println("  recv  " + buffer(connection.recv));
        out.println("  send  " + buffer(connection.send));
        if (!connection.role.equals(Connection.LISTENER) && kernel.rb >= 0) {
            out.println("  wscale " + (kernel.receiveWscale < 0 ? "?" : kernel.sendWscale + "," + kernel.receiveWscale)
                    + "  rtt " + Units.millis(kernel.rttMs)
                    + "  delivery " + (kernel.deliveryRateBps < 0 ? "?" : Units.bitsPerSecond(kernel.deliveryRateBps))
                    + "  busy " + (kernel.busyMs < 0 ? "0 ms" : kernel.busyMs + " ms")
                    + "  rwnd_limited " + Units.percent(kernel.rwndLimitedPct)
                    + "  sndbuf_limited " + Units.percent(kernel.sndbufLimitedPct));
        }
        Rates rates = connection.sinceLast;
        if (rates != null) {
            out.println("  last " + Units.format(rates.seconds) + " s: sent " + Units.bitsPerSecond(rates.sentBps)
                    + ", received " + Units.bitsPerSecond(rates.receivedBps) + ", rwnd_limited " + Units.percent(rates.rwndLimitedPct)
                    + ", sndbuf_limited " + Units.percent(rates.sndbufLimitedPct));
        }
        for (Advice piece : connection.advice) {
            out.println("  [" + piece.code + "] " + piece.text);
            out.println("      " + piece.command);
        }
    }

    private static String buffer(BufferVerdict buffer) {
        if (buffer.bytes < 0) {
            return "? (" + buffer.how + ")";
        }
        String locked = buffer.locked.equals("true") ? "locked" : buffer.locked.equals("false") ? "autotuned" : "locked?";
        return buffer.bytes + " bytes, " + locked + ", set by " + buffer.setBy + "  (" + buffer.how + ")";
    }
}
