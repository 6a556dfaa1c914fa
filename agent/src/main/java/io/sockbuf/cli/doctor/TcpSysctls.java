package io.sockbuf.cli.doctor;

import io.sockbuf.agent.proc.ProcText;

import java.io.IOException;

/** The kernel settings doctor compares buffers with; -1 where a file cannot be read. */
final class TcpSysctls {

    final long rmemMax;
    final long wmemMax;
    /** net.ipv4.tcp_rmem / tcp_wmem: min, default (a new socket's size), autotuning max. */
    final long[] tcpRmem;
    final long[] tcpWmem;

    TcpSysctls(long rmemMax, long wmemMax, long[] tcpRmem, long[] tcpWmem) {
        this.rmemMax = rmemMax;
        this.wmemMax = wmemMax;
        this.tcpRmem = tcpRmem;
        this.tcpWmem = tcpWmem;
    }

    static TcpSysctls read() {
        return new TcpSysctls(numbers("/proc/sys/net/core/rmem_max", 1)[0], numbers("/proc/sys/net/core/wmem_max", 1)[0],
                numbers("/proc/sys/net/ipv4/tcp_rmem", 3), numbers("/proc/sys/net/ipv4/tcp_wmem", 3));
    }

    long max(boolean receive) {
        return receive ? rmemMax : wmemMax;
    }

    long[] tcpMem(boolean receive) {
        return receive ? tcpRmem : tcpWmem;
    }

    static String maxName(boolean receive) {
        return receive ? "net.core.rmem_max" : "net.core.wmem_max";
    }

    static String tcpMemName(boolean receive) {
        return receive ? "net.ipv4.tcp_rmem" : "net.ipv4.tcp_wmem";
    }

    /** What setsockopt(SO_RCVBUF/SO_SNDBUF, request) leaves in the kernel: the request capped at the max, doubled. */
    long kernelValue(boolean receive, long request) {
        long max = max(receive);
        return 2 * (max > 0 ? Math.min(request, max) : request);
    }

    private static long[] numbers(String path, int count) {
        long[] values = new long[count];
        java.util.Arrays.fill(values, -1);
        try {
            String[] parts = ProcText.read(path).trim().split("\\s+");
            for (int i = 0; i < count && i < parts.length; i++) {
                values[i] = Long.parseLong(parts[i]);
            }
        } catch (IOException | RuntimeException ignored) {
            // Not Linux, or /proc/sys hidden (some containers): comparisons with it are skipped.
        }
        return values;
    }
}
