package io.sockbuf.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/** --json: one object per connection per line; the fields are documented in docs/doctor.md. */
final class JsonReport {

    private JsonReport() {
    }

    static String line(String pid, Connection connection) {
        SsEntry kernel = connection.kernel;
        Json json = new Json().field("pid", Long.parseLong(pid)).field("inode", kernel.inode)
                .field("local", kernel.local).field("remote", kernel.remote)
                .field("role", connection.role).field("state", kernel.state)
                .raw("recv", buffer(connection.recv)).raw("send", buffer(connection.send))
                .raw("wscale", kernel.receiveWscale < 0 ? "null"
                        : new Json().field("send", kernel.sendWscale).field("recv", kernel.receiveWscale).end())
                .field("recv_q", kernel.recvQ).field("send_q", kernel.sendQ)
                .field("rtt_ms", kernel.rttMs).field("delivery_rate_bps", kernel.deliveryRateBps)
                .field("busy_ms", kernel.busyMs).field("rwnd_limited_pct", kernel.rwndLimitedPct)
                .field("sndbuf_limited_pct", kernel.sndbufLimitedPct);
        Rates rates = connection.sinceLast;
        if (rates != null) {
            json.raw("since_last", new Json().field("seconds", rates.seconds).field("sent_bps", rates.sentBps)
                    .field("received_bps", rates.receivedBps).field("rwnd_limited_pct", rates.rwndLimitedPct)
                    .field("sndbuf_limited_pct", rates.sndbufLimitedPct).end());
        }
        List<String> advice = new ArrayList<>();
        for (Advice piece : connection.advice) {
            Json object = new Json().field("code", piece.code).field("text", piece.text).field("command", piece.command);
            if (!Double.isNaN(piece.capBps)) {
                object.field("cap_bps", piece.capBps);
            }
            advice.add(object.end());
        }
        return json.raw("advice", "[" + String.join(",", advice) + "]").end();
    }

    private static String buffer(BufferVerdict buffer) {
        return new Json().field("bytes", buffer.bytes).flag("locked", buffer.locked).field("set_by", buffer.setBy)
                .field("how", buffer.how).end();
    }
}
