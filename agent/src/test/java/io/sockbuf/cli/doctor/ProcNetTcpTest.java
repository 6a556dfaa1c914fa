package io.sockbuf.cli.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The /proc/net/tcp{,6} fallback on captured rows. */
class ProcNetTcpTest {

    @Test
    void readsAnIpv4MappedListenerFromTcp6() {
        List<SsEntry> entries = ProcNetTcp.parse(String.join("\n",
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0000000000000000FFFF00000100007F:A701 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000"
                        + " 00000000     0        0 487025 1 00000000bc3d5ab1 100 0 0 10 0"));

        assertEquals(1, entries.size());
        SsEntry listener = entries.get(0);
        assertEquals("LISTEN", listener.state);
        assertEquals("[::ffff:127.0.0.1]:42753", listener.local);
        assertEquals("[0:0:0:0:0:0:0:0]:*", listener.remote);
        assertEquals(487025, listener.inode);
        assertEquals(SsEntry.NONE, listener.rb, "no buffer sizes in /proc/net/tcp");
    }

    @Test
    void readsAnIpv4ConnectionWithItsQueues() {
        List<SsEntry> entries = ProcNetTcp.parse(
                "   3: 0100007F:B1A0 0100007F:1F90 01 00003000:00001000 01:00000014 00000000     0        0 488767 2 0000000000000000 20 4 30 10 -1");

        SsEntry connection = entries.get(0);
        assertEquals("ESTAB", connection.state);
        assertEquals("127.0.0.1:45472", connection.local);
        assertEquals("127.0.0.1:8080", connection.remote);
        assertEquals(0x3000, connection.sendQ);
        assertEquals(0x1000, connection.recvQ);
    }
}
