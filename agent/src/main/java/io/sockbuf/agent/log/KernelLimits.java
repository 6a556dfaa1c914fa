package io.sockbuf.agent.log;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The Linux ceilings for SO_RCVBUF / SO_SNDBUF, read once from /proc/sys at startup. */
public final class KernelLimits {

    public static final long UNKNOWN = -1;
    /**
     * The least receive buffer Linux holds, whatever is requested: SOCK_MIN_RCVBUF =
     * TCP_SKB_MIN_TRUESIZE = 2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff)), 2304 on 64-bit kernels
     * (sk_buff is 232 bytes, aligned to 256). A constant rather than a measurement, so that premain
     * opens no socket; KernelLimitsTest checks it against getsockopt after SO_RCVBUF=1.
     */
    public static final long RECEIVE_MINIMUM = 2304;

    private final boolean linux;
    private final long receiveMax;
    private final long sendMax;
    /** Upper bound of TCP receive autotuning (third number of net.ipv4.tcp_rmem). */
    private final long tcpReceiveAutotuningMax;

    KernelLimits(boolean linux, long receiveMax, long sendMax, long tcpReceiveAutotuningMax) {
        this.linux = linux;
        this.receiveMax = receiveMax;
        this.sendMax = sendMax;
        this.tcpReceiveAutotuningMax = tcpReceiveAutotuningMax;
    }

    public static KernelLimits read() {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        if (!linux) {
            return new KernelLimits(false, UNKNOWN, UNKNOWN, UNKNOWN);
        }
        return new KernelLimits(true, readNumber("/proc/sys/net/core/rmem_max"), readNumber("/proc/sys/net/core/wmem_max"),
                thirdOfThree(readText("/proc/sys/net/ipv4/tcp_rmem")));
    }

    /**
     * The third of exactly three whitespace-separated numbers ({@code min default max}), else
     * {@link #UNKNOWN}. Scanned by hand, not with {@code split("\\s+")}: this runs in premain, and
     * a regex there costs some 25 class loads and a pattern compile that nothing else on the
     * agent's start needs.
     */
    static long thirdOfThree(String text) {
        int fields = 0;
        int start = -1;
        String third = null;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (!space && start < 0) {
                start = i;
            } else if (space && start >= 0) {
                fields++;
                if (fields == 3) {
                    third = text.substring(start, i);
                }
                start = -1;
            }
        }
        return fields == 3 ? parse(third) : UNKNOWN;
    }

    /**
     * True where the kernel doubles the value (Linux, when /proc says so). Elsewhere (macOS,
     * Windows, gVisor without these files) the log makes no Linux-specific claims.
     */
    public boolean doubles() {
        return linux && receiveMax != UNKNOWN;
    }

    public long max(boolean receive) {
        return receive ? receiveMax : sendMax;
    }

    public static String sysctlName(boolean receive) {
        return receive ? "net.core.rmem_max" : "net.core.wmem_max";
    }

    public String describe() {
        if (!doubles()) {
            return "kernel limits not readable on this OS";
        }
        return "kernel ceilings " + sysctlName(true) + "=" + receiveMax + ", " + sysctlName(false) + "=" + sendMax;
    }

    /**
     * Setting SO_RCVBUF on a TCP socket switches Linux's receive autotuning off for it; said once at
     * startup, with the ceiling autotuning would have had. Null where that is not known.
     */
    public String autotuningNote(int receiveBuffer) {
        if (!doubles() || tcpReceiveAutotuningMax == UNKNOWN) {
            return null;
        }
        return "note: Linux stops autotuning the receive buffer of a TCP socket once SO_RCVBUF is set; unset, it could"
                + " grow to net.ipv4.tcp_rmem max = " + tcpReceiveAutotuningMax + " bytes, while sockbuf.recv=" + receiveBuffer
                + " fixes it at " + held(receiveBuffer) + " (both as the kernel counts)."
                + " Leave sockbuf.recv unset where autotuning suits you better.";
    }

    /** What the kernel holds for an SO_RCVBUF request: twice the request, capped by rmem_max, at least the minimum. */
    long held(int receiveBuffer) {
        return Math.max(RECEIVE_MINIMUM, 2L * Math.min(receiveBuffer, receiveMax));
    }

    private static long readNumber(String path) {
        return parse(readText(path).trim());
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    private static String readText(String path) {
        try (InputStream in = new FileInputStream(path)) {
            byte[] buffer = new byte[128];
            int length = in.read(buffer);
            return length <= 0 ? "" : new String(buffer, 0, length, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
