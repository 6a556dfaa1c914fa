package io.sockbuf.cli.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ss line parser on lines captured from {@code ss -tinmeaH} (iproute2 6.1, Linux 6.x, loopback). */
class SsParserTest {

    /** A JVM with sockbuf recv=4k, send=8k: its listener, a client writing in bulk, the accepted socket reading slowly. */
    static final String CAPTURED = String.join("\n",
            "LISTEN    0      50      [::ffff:127.0.0.1]:37911                  *:*     ino:488766 sk:1328 cgroup:/ v6only:0 <->",
            "\t skmem:(r0,rb8192,t0,tb16384,f0,w0,o0,bl0,d0) bbr cwnd:10",
            "ESTAB     0      12288   [::ffff:127.0.0.1]:45472 [::ffff:127.0.0.1]:37911 timer:(on,008ms,0) ino:488767 sk:133d cgroup:/ <->",
            "\t skmem:(r0,rb8192,t0,tb16384,f768,w15616,o0,bl0,d0) ts sack bbr wscale:0,0 rto:204 rtt:2.28/0.145 mss:2048 pmtu:65535"
                    + " rcvmss:536 advmss:65483 cwnd:12 ssthresh:94 bytes_sent:7245824 bytes_acked:7241729 segs_out:3540 segs_in:1770"
                    + " data_segs_out:3538 bbr:(bw:15141600bps,mrtt:0.037,pacing_gain:1.25,cwnd_gain:2) send 86231579bps lastrcv:3840"
                    + " pacing_rate 18737728bps delivery_rate 14969392bps delivered:3537 busy:3840ms rwnd_limited:2232ms(58.1%) unacked:2"
                    + " rcv_space:4096 rcv_ssthresh:4096 notsent:8192 minrtt:0.037 snd_wnd:4096",
            "ESTAB     4096   0       [::ffff:127.0.0.1]:37911 [::ffff:127.0.0.1]:45472 ino:488768 sk:134d cgroup:/ <->",
            "\t skmem:(r4928,rb8192,t0,tb16384,f3264,w0,o0,bl0,d0) ts sack bbr wscale:0,0 rto:204 rtt:0.022/0.011 ato:40 mss:2048"
                    + " pmtu:65535 rcvmss:2048 advmss:65483 cwnd:10 bytes_received:7245824 segs_out:1769 segs_in:3540 data_segs_in:3538"
                    + " bbr:(bw:0bps,mrtt:0.022) send 7447272727bps lastsnd:3844 lastrcv:4 lastack:4 pacing_rate 21283199232bps"
                    + " delivered:1 app_limited rcv_rtt:0.998 rcv_space:6144 rcv_ssthresh:4096 minrtt:0.022 snd_wnd:4096",
            "");

    @Test
    void readsEveryEntryWithItsContinuationLine() {
        List<SsEntry> entries = SsParser.parse(CAPTURED);

        assertEquals(3, entries.size());
        SsEntry listener = entries.get(0);
        assertEquals("LISTEN", listener.state);
        assertTrue(listener.isListener());
        assertEquals("[::ffff:127.0.0.1]:37911", listener.local);
        assertEquals("*:*", listener.remote);
        assertEquals(37911, listener.localPort());
        assertEquals(488766, listener.inode);
        assertEquals(8192, listener.rb);
        assertEquals(16384, listener.tb);
        assertEquals(-1, listener.receiveWscale);
        assertTrue(Double.isNaN(listener.rttMs));
        assertEquals(SsEntry.NONE, listener.busyMs);
        assertTrue(Double.isNaN(listener.rwndLimitedPct), "no busy time: the limits are unknown, not zero");
    }

    @Test
    void readsTheSendersTcpInfo() {
        SsEntry sender = SsParser.parse(CAPTURED).get(1);

        assertEquals("ESTAB", sender.state);
        assertEquals(0, sender.recvQ);
        assertEquals(12288, sender.sendQ);
        assertEquals("[::ffff:127.0.0.1]:37911", sender.remote);
        assertEquals(488767, sender.inode);
        assertEquals(0, sender.sendWscale);
        assertEquals(0, sender.receiveWscale);
        assertEquals(2.28, sender.rttMs, 1e-9);
        assertEquals(14969392, sender.deliveryRateBps, "delivery_rate, not send or pacing_rate");
        assertEquals(3840, sender.busyMs);
        assertEquals(2232, sender.rwndLimitedMs);
        assertEquals(58.1, sender.rwndLimitedPct, 1e-9);
        assertEquals(0, sender.sndbufLimitedPct, 1e-9, "ss omits a zero limit when busy time is printed");
        assertEquals(7241729, sender.bytesAcked);
    }

    @Test
    void readsTheReceiversQueueAndBytes() {
        SsEntry receiver = SsParser.parse(CAPTURED).get(2);

        assertEquals(4096, receiver.recvQ);
        assertEquals(7245824, receiver.bytesReceived);
        assertEquals(0.022, receiver.rttMs, 1e-9);
        assertEquals(SsEntry.NONE, receiver.deliveryRateBps);
        assertEquals(SsEntry.NONE, receiver.busyMs, "never sent: no busy time");
    }

    @Test
    void readsSndbufLimitedAndOlderHumanReadableRates() {
        // A captured sender line, edited: sndbuf_limited as iproute2 prints it, delivery_rate as iproute2 < 5.x did.
        SsEntry entry = SsParser.parseEntry("ESTAB 0 2097152 10.0.0.1:40000 10.0.0.2:5432 ino:7 sk:1 <-> skmem:(r0,rb131072,"
                + "t0,tb32768,f0,w0,o0,bl0,d0) wscale:7,10 rtt:20.5/1.2 delivery_rate 812.4Mbps busy:10000ms"
                + " rwnd_limited:100ms(1.0%) sndbuf_limited:7500ms(75.0%)");

        assertEquals(812_400_000L, entry.deliveryRateBps);
        assertEquals(7, entry.sendWscale);
        assertEquals(10, entry.receiveWscale);
        assertEquals(7500, entry.sndbufLimitedMs);
        assertEquals(75.0, entry.sndbufLimitedPct, 1e-9);
        assertEquals(1.0, entry.rwndLimitedPct, 1e-9);
        assertEquals(5432, SsEntry.port(entry.remote));
    }

    @Test
    void skipsWhatIsNotASocketLine() {
        assertNull(SsParser.parseEntry("State Recv-Q Send-Q Local Address:Port Peer Address:Port"));
        assertTrue(SsParser.parse("").isEmpty());
        assertTrue(SsParser.parse("\t skmem:(r0,rb1,t0,tb1)\n").isEmpty(), "a continuation line without its first line");
    }

    @Test
    void aTimeWaitEntryHasInodeZero() {
        SsEntry entry = SsParser.parseEntry("TIME-WAIT 0      0               192.0.2.2:39110          203.0.113.80:80"
                + "    timer:(timewait,31sec,0) ino:0 sk:1020");

        assertEquals(0, entry.inode);
        assertEquals(SsEntry.NONE, entry.rb);
    }
}
