package io.sockbuf.agent.log;

import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketRole;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What Linux does with SO_RCVBUF / SO_SNDBUF, and the one place that knows its arithmetic: the
 * kernel stores {@code max(2 * min(request, max), minimum)} and getsockopt returns that, which the
 * JDK halves again. Sizes here are as the JDK reports them unless a name says "held" (the kernel's
 * count). The ceilings are read from /proc/sys at startup and again when they may have changed;
 * a new socket's defaults on first use.
 */
public final class KernelLimits {

    public static final long UNKNOWN = -1;
    /**
     * The least receive buffer Linux holds, whatever is requested: SOCK_MIN_RCVBUF =
     * TCP_SKB_MIN_TRUESIZE = 2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff)), 2304 on 64-bit kernels
     * (sk_buff is 232 bytes, aligned to 256). A constant rather than a measurement, so that premain
     * opens no socket; KernelLimitsTest checks it against getsockopt after SO_RCVBUF=1.
     */
    public static final long RECEIVE_MINIMUM = 2304;
    /** SOCK_MIN_SNDBUF: twice SOCK_MIN_RCVBUF. */
    static final long SEND_MINIMUM = 2 * RECEIVE_MINIMUM;
    /**
     * A request below this (as the JDK counts) may have been raised to a minimum, and a size raised
     * so is below it too (twice the minimum, for kernels whose sk_buff is larger): a larger size
     * than the request up to this is no sign of anyone else's set, one above it is.
     */
    private static final int BELOW_ANY_MINIMUM = (int) SEND_MINIMUM;

    private final boolean linux;
    private final long receiveMax;
    private final long sendMax;
    /** The lowest ceilings read in this JVM: a socket sized earlier may be capped at them. */
    private final long lowestReceiveMax;
    private final long lowestSendMax;
    /** Upper bound of TCP receive autotuning (third number of net.ipv4.tcp_rmem). */
    private final long tcpReceiveAutotuningMax;

    KernelLimits(boolean linux, long receiveMax, long sendMax, long tcpReceiveAutotuningMax) {
        this(linux, receiveMax, sendMax, receiveMax, sendMax, tcpReceiveAutotuningMax);
    }

    private KernelLimits(boolean linux, long receiveMax, long sendMax, long lowestReceiveMax, long lowestSendMax,
                         long tcpReceiveAutotuningMax) {
        this.linux = linux;
        this.receiveMax = receiveMax;
        this.sendMax = sendMax;
        this.lowestReceiveMax = lowestReceiveMax;
        this.lowestSendMax = lowestSendMax;
        this.tcpReceiveAutotuningMax = tcpReceiveAutotuningMax;
    }

    public static KernelLimits read() {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        return linux ? readLinux() : new KernelLimits(false, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    private static KernelLimits readLinux() {
        return new KernelLimits(true, readNumber("/proc/sys/net/core/rmem_max"), readNumber("/proc/sys/net/core/wmem_max"),
                thirdOfThree(readText("/proc/sys/net/ipv4/tcp_rmem")));
    }

    /**
     * The ceilings read again (they may have been changed with sysctl since), remembering the lowest
     * seen. Runs in an application thread: under a security manager its policy may refuse the
     * reads (or os.name), so nothing is asked that premain already knew, and a value that cannot be
     * read now keeps the one read before rather than turning unknown.
     */
    KernelLimits reread() {
        if (!linux) {
            return this;
        }
        KernelLimits fresh = readLinux();
        long receive = known(fresh.receiveMax, receiveMax);
        long send = known(fresh.sendMax, sendMax);
        long autotuning = known(fresh.tcpReceiveAutotuningMax, tcpReceiveAutotuningMax);
        return new KernelLimits(true, receive, send, lower(lowestReceiveMax, receive), lower(lowestSendMax, send), autotuning);
    }

    private static long known(long now, long before) {
        return now == UNKNOWN ? before : now;
    }

    private static long lower(long a, long b) {
        return a == UNKNOWN ? b : b == UNKNOWN ? a : Math.min(a, b);
    }

    /**
     * The third of exactly three whitespace-separated numbers ({@code min default max}), else
     * {@link #UNKNOWN}. Scanned by hand, not with {@code split("\\s+")}: this runs in premain, and
     * a regex there costs some 25 class loads and a pattern compile that nothing else on the
     * agent's start needs.
     */
    static long thirdOfThree(String text) {
        return nthOfThree(text, 3);
    }

    private static long nthOfThree(String text, int n) {
        int fields = 0;
        int start = -1;
        String wanted = null;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || text.charAt(i) <= ' '; // /proc's tabs, spaces and newline
            if (!space && start < 0) {
                start = i;
            } else if (space && start >= 0) {
                fields++;
                if (fields == n) {
                    wanted = text.substring(start, i);
                }
                start = -1;
            }
        }
        return fields == 3 ? parse(wanted) : UNKNOWN;
    }

    /** Whether this is Linux, as read at the agent's load (under a security manager the application's threads may not read os.name). */
    public boolean onLinux() {
        return linux;
    }

    /**
     * True where the kernel doubles the value (Linux, when /proc says so). Elsewhere (macOS,
     * Windows, gVisor without these files) the log makes no Linux-specific claims.
     */
    public boolean doubles() {
        return linux && receiveMax != UNKNOWN;
    }

    /** The ceiling as the JDK reports sizes, or UNKNOWN. */
    public long max(Direction direction) {
        return direction == Direction.RECEIVE ? receiveMax : sendMax;
    }

    /** What the kernel holds for a size the JDK reports (twice it on Linux); -1 where not known. */
    public long held(int reported) {
        return doubles() && reported >= 0 ? 2L * reported : -1;
    }

    /** A size the kernel reports as it holds it (Netty returns getsockopt's number as is), as the JDK would report it. */
    public static int reported(int held) {
        return held / 2;
    }

    /**
     * What getsockopt will report (as the JDK does) after {@code requested} was set, predicted from the
     * limits: the request capped at the ceiling, at least the minimum; UNKNOWN where the limits are not known.
     */
    public int granted(int requested, Direction direction) {
        long max = max(direction);
        if (!doubles() || max == UNKNOWN) {
            return BufferResult.UNKNOWN;
        }
        long minimum = (direction == Direction.RECEIVE ? RECEIVE_MINIMUM : SEND_MINIMUM) / 2;
        return (int) Math.max(minimum, Math.min(requested, max));
    }

    /**
     * Whether {@code current} is what Linux grants for {@code requested}: the same, capped at the
     * ceiling (the lowest read in this JVM, or a higher one it was raised to since), or raised from
     * below the minimum to it (never beyond: 30000 after a request of 1 is someone else's set).
     */
    public boolean grants(int requested, int current, Direction direction) {
        if (current == requested || requested < BELOW_ANY_MINIMUM && current > requested && current <= BELOW_ANY_MINIMUM) {
            return true;
        }
        long max = direction == Direction.RECEIVE ? lowestReceiveMax : lowestSendMax;
        return max >= 0 && requested > max && current >= max && current <= requested;
    }

    /** How a direction turned out against these limits. */
    public Outcome outcome(BufferResult result, Direction direction) {
        if (result.failure() != null) {
            return Outcome.FAILED;
        }
        if (result.byApplication()) {
            return Outcome.APPLICATION;
        }
        if (result.listenersSize()) {
            return Outcome.LISTENERS_SIZE;
        }
        int requested = result.requested();
        int effective = result.effective();
        if (requested == BufferResult.UNSET) {
            return Outcome.UNTOUCHED;
        }
        if (effective == requested) {
            return Outcome.AS_REQUESTED;
        }
        long max = max(direction);
        if (doubles() && max != UNKNOWN && requested > max && effective == max) {
            return Outcome.CAPPED;
        }
        if (doubles() && effective > requested) {
            return Outcome.RAISED;
        }
        return Outcome.DIFFERENT;
    }

    /** A new socket's size of this role and direction, as getsockopt reports it through the JDK; UNKNOWN where /proc says nothing. */
    public static int fresh(SocketRole role, Direction direction) {
        long[] defaults = freshDefaults();
        long held = defaults[(role == SocketRole.UDP ? 2 : 0) + (direction == Direction.RECEIVE ? 0 : 1)];
        return held < 0 ? BufferResult.UNKNOWN : reported((int) held);
    }

    /**
     * TCP receive, TCP send, UDP receive, UDP send: read on first use (only when the agent must tell
     * a new socket's size from one set by the application), racy on purpose (two threads read the
     * same files). Not a holder class: one whose initializer failed once (an application thread near
     * its stack limit) would fail every later socket.
     */
    private static long[] freshDefaults() {
        long[] known = freshDefaults;
        if (known == null) {
            known = new long[] {nthOfThree(readText("/proc/sys/net/ipv4/tcp_rmem"), 2), nthOfThree(readText("/proc/sys/net/ipv4/tcp_wmem"), 2),
                readNumber("/proc/sys/net/core/rmem_default"), readNumber("/proc/sys/net/core/wmem_default")};
            freshDefaults = known;
        }
        return known;
    }

    private static volatile long[] freshDefaults;

    public String describe() {
        if (!doubles()) {
            return "kernel limits not readable on this OS";
        }
        return "kernel ceilings " + Direction.RECEIVE.maxSysctl() + "=" + receiveMax + ", " + Direction.SEND.maxSysctl() + "=" + sendMax;
    }

    /** Whether the ceilings are the same as those of {@code other}. */
    boolean sameCeilings(KernelLimits other) {
        return receiveMax == other.receiveMax && sendMax == other.sendMax && linux == other.linux;
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
                + " fixes it at " + held(granted(receiveBuffer, Direction.RECEIVE)) + " (both as the kernel counts)."
                + " Leave sockbuf.recv unset where autotuning suits you better.";
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
