package io.sockbuf.agent.log;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The Linux ceilings for SO_RCVBUF / SO_SNDBUF, read once from /proc/sys at startup. */
public final class KernelLimits {

    public static final long UNKNOWN = -1;

    private final boolean linux;
    private final long receiveMax;
    private final long sendMax;

    KernelLimits(boolean linux, long receiveMax, long sendMax) {
        this.linux = linux;
        this.receiveMax = receiveMax;
        this.sendMax = sendMax;
    }

    public static KernelLimits read() {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        if (!linux) {
            return new KernelLimits(false, UNKNOWN, UNKNOWN);
        }
        return new KernelLimits(true, readNumber("/proc/sys/net/core/rmem_max"), readNumber("/proc/sys/net/core/wmem_max"));
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

    private static long readNumber(String path) {
        try (InputStream in = new FileInputStream(path)) {
            byte[] buffer = new byte[64];
            int length = in.read(buffer);
            return length <= 0 ? UNKNOWN : Long.parseLong(new String(buffer, 0, length, StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
