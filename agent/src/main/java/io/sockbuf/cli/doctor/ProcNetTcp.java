package io.sockbuf.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The fallback when {@code ss} is missing: {@code /proc/net/tcp} and {@code /proc/net/tcp6} give
 * state, queues, addresses and inode, but no buffer sizes, window scale or tcp_info numbers.
 */
final class ProcNetTcp {

    private static final String[] STATES = {"?", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
        "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"};

    private ProcNetTcp() {
    }

    /** The rows of one such file (its header line is skipped). */
    static List<SsEntry> parse(String table) {
        List<SsEntry> entries = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length < 10 || !columns[0].endsWith(":") || columns[0].equals("sl")) {
                continue;
            }
            try {
                SsEntry entry = new SsEntry();
                entry.local = address(columns[1]);
                entry.remote = address(columns[2]);
                int state = Integer.parseInt(columns[3], 16);
                entry.state = state < STATES.length ? STATES[state] : "?";
                String[] queues = columns[4].split(":");
                entry.sendQ = Long.parseLong(queues[0], 16);
                entry.recvQ = Long.parseLong(queues[1], 16);
                entry.inode = Long.parseLong(columns[9]);
                entries.add(entry);
            } catch (RuntimeException e) {
                // A row in a format this reader does not know: skipped, like ss's unknown tokens.
            }
        }
        return entries;
    }

    /** {@code 0100007F:1F90} -> {@code 127.0.0.1:8080}; IPv6 as ss writes it, in brackets. */
    static String address(String hex) {
        int colon = hex.indexOf(':');
        String host = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        byte[] bytes = new byte[host.length() / 2];
        // The kernel prints each 32-bit word in host (little-endian) order.
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(host.substring(at, at + 2), 16);
            }
        }
        String text;
        if (bytes.length == 4) {
            text = dotted(bytes, 0);
        } else if (isV4Mapped(bytes)) {
            text = "[::ffff:" + dotted(bytes, 12) + "]";
        } else {
            StringBuilder v6 = new StringBuilder("[");
            for (int i = 0; i < 16; i += 2) {
                v6.append(i == 0 ? "" : ":").append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
            }
            text = v6.append(']').toString();
        }
        return text + ":" + (port == 0 ? "*" : Integer.toString(port));
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }

    private static String dotted(byte[] bytes, int from) {
        return (bytes[from] & 0xff) + "." + (bytes[from + 1] & 0xff) + "." + (bytes[from + 2] & 0xff) + "." + (bytes[from + 3] & 0xff);
    }
}
