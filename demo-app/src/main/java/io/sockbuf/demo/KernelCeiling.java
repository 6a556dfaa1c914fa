package io.sockbuf.demo;

/**
 * net.core.rmem_max, the ceiling of any SO_RCVBUF request: above it Linux grants the ceiling
 * without an error. The README's command asks 64 MiB for the UDP socket (rule udp:recv=64m), so
 * sockbuf's log shows its "capped by net.core.rmem_max" line with the sysctl that would allow it.
 */
final class KernelCeiling {

    private KernelCeiling() {
    }

    static String describe(int udpReceiveBuffer) {
        String ceiling;
        try {
            ceiling = WindowScale.read("/proc/sys/net/core/rmem_max").trim();
        } catch (Exception e) {
            return "net.core.rmem_max: unknown (no /proc/sys/net/core/rmem_max)";
        }
        return "net.core.rmem_max = " + ceiling + ": a larger SO_RCVBUF request silently gets at most that (the UDP socket's"
                + " getsockopt here: " + udpReceiveBuffer + ")."
                + "\n  With -Dsockbuf.rules=udp:recv=64m, sockbuf's log above says \"capped by net.core.rmem_max\" and gives the sysctl.";
    }
}
