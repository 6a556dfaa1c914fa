package io.sockbuf.cli.doctor;

/**
 * Whether a buffer is locked (set with SO_RCVBUF/SO_SNDBUF, which switches autotuning off) and who
 * set it. The kernel does not export SOCK_RCVBUF_LOCK/SOCK_SNDBUF_LOCK to ss, so this is inferred
 * from the size, in this order (docs/doctor.md):
 * <ol>
 *   <li>equals 2 x min(request, max) for a size the agent requests: locked, set by the agent;</li>
 *   <li>odd: setsockopt always leaves an even size (the request doubled), so autotuned;</li>
 *   <li>larger than 2 x net.core.[rw]mem_max: more than setsockopt can set, so autotuned;</li>
 *   <li>equal to tcp_[rw]mem's default: a new socket's size, not set;</li>
 *   <li>below that default: autotuning only grows a buffer (except under memory pressure), so locked;</li>
 *   <li>otherwise unknown (an even size between default and ceiling may be either).</li>
 * </ol>
 * {@code set_by} names the agent or the application only when the agent's settings are known.
 */
final class BufferInference {

    private BufferInference() {
    }

    static BufferVerdict infer(boolean receive, SsEntry entry, TcpSysctls sysctls, AgentView agent) {
        long bytes = receive ? entry.rb : entry.tb;
        String name = receive ? "rb" : "tb";
        if (bytes < 0) {
            return new BufferVerdict(receive, bytes, BufferVerdict.UNKNOWN, BufferVerdict.UNKNOWN, -1,
                    "no buffer size from this source");
        }
        if (agent.sets()) {
            for (long request : agent.requests(receive)) {
                if (sysctls.kernelValue(receive, request) == bytes) {
                    return new BufferVerdict(receive, bytes, BufferVerdict.TRUE, "agent", request,
                            name + " " + bytes + " = 2 x min(agent's request " + request + ", " + TcpSysctls.maxName(receive)
                                    + " " + sysctls.max(receive) + ")");
                }
            }
        }
        long max = sysctls.max(receive);
        long initial = sysctls.tcpMem(receive)[1];
        String unset = agent.known ? "kernel default" : BufferVerdict.UNKNOWN;
        if (bytes % 2 == 1) {
            return new BufferVerdict(receive, bytes, BufferVerdict.FALSE, unset, -1,
                    name + " " + bytes + " is odd; setsockopt always leaves an even size (the request doubled): autotuned");
        }
        if (max > 0 && bytes > 2 * max) {
            return new BufferVerdict(receive, bytes, BufferVerdict.FALSE, unset, -1,
                    name + " " + bytes + " > 2 x " + TcpSysctls.maxName(receive) + " " + max + ", more than setsockopt can set: autotuned");
        }
        if (initial > 0 && bytes == initial) {
            return new BufferVerdict(receive, bytes, BufferVerdict.FALSE, unset, -1,
                    name + " " + bytes + " = " + TcpSysctls.tcpMemName(receive) + " default: a new socket's size, not set");
        }
        if (initial > 0 && bytes < initial) {
            return new BufferVerdict(receive, bytes, BufferVerdict.TRUE, agent.known ? "application" : BufferVerdict.UNKNOWN,
                    bytes / 2, name + " " + bytes + " < " + TcpSysctls.tcpMemName(receive) + " default " + initial
                    + " and autotuning only grows buffers: set with " + (receive ? "SO_RCVBUF" : "SO_SNDBUF")
                    + (agent.known ? ", not to a size the agent requests" : ""));
        }
        return new BufferVerdict(receive, bytes, BufferVerdict.UNKNOWN, BufferVerdict.UNKNOWN, -1,
                name + " " + bytes + " is even and between the default and the ceiling: set or autotuned, ss cannot tell");
    }
}
