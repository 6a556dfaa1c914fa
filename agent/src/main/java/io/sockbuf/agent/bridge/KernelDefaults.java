package io.sockbuf.agent.bridge;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What Linux gives a new socket before anyone sets its buffers, and what it grants for a
 * request, both as the JDK reports them (half the kernel's doubled number). Read from /proc once,
 * on first use (only when a rule that needs an address matches); UNKNOWN where /proc says nothing.
 */
final class KernelDefaults {

    static final int UNKNOWN = BufferResult.UNKNOWN;
    /** Linux raises a request below its minimum (SOCK_MIN_RCVBUF, about 2.3 KiB doubled) to that. */
    private static final int BELOW_ANY_MINIMUM = 4608;

    private static final class Holder {
        static final long TCP_RECEIVE = second("/proc/sys/net/ipv4/tcp_rmem");
        static final long TCP_SEND = second("/proc/sys/net/ipv4/tcp_wmem");
        static final long UDP_RECEIVE = first("/proc/sys/net/core/rmem_default");
        static final long UDP_SEND = first("/proc/sys/net/core/wmem_default");
        static final long RECEIVE_MAX = first("/proc/sys/net/core/rmem_max");
        static final long SEND_MAX = first("/proc/sys/net/core/wmem_max");
    }

    private KernelDefaults() {
    }

    /** A new socket's size of this kind and direction, as getsockopt reports it through the JDK. */
    static int fresh(SocketKind kind, boolean receive) {
        long kernel = kind == SocketKind.UDP ? (receive ? Holder.UDP_RECEIVE : Holder.UDP_SEND)
                : receive ? Holder.TCP_RECEIVE : Holder.TCP_SEND;
        return kernel < 0 ? UNKNOWN : (int) (kernel / 2);
    }

    /**
     * Whether {@code current} is what Linux grants for {@code requested}: the same, capped at
     * rmem_max / wmem_max, or raised from below the minimum.
     */
    static boolean grants(int requested, int current, boolean receive) {
        if (current == requested || requested < BELOW_ANY_MINIMUM && current > requested) {
            return true;
        }
        long max = receive ? Holder.RECEIVE_MAX : Holder.SEND_MAX;
        // capped at the limit read first, or at a higher one it was raised to since (read again by the log)
        return max >= 0 && requested > max && current >= max && current <= requested;
    }

    /**
     * What Linux grants for {@code requested}, as far as the outcome goes (a socket's count is moved
     * from it when the application sets a size later): capped at rmem_max / wmem_max, raised below
     * the minimum, else the request.
     */
    static int granted(int requested, boolean receive) {
        long max = receive ? Holder.RECEIVE_MAX : Holder.SEND_MAX;
        if (max >= 0 && requested > max) {
            return (int) max;
        }
        int minimum = receive ? 1152 : 2304; // SOCK_MIN_RCVBUF / SOCK_MIN_SNDBUF, halved as the JDK reports them
        return requested < minimum ? minimum : requested;
    }

    private static long first(String path) {
        String[] numbers = numbers(path);
        return numbers.length >= 1 ? parse(numbers[0]) : UNKNOWN;
    }

    private static long second(String path) {
        String[] numbers = numbers(path);
        return numbers.length >= 2 ? parse(numbers[1]) : UNKNOWN;
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    private static String[] numbers(String path) {
        try (InputStream in = new FileInputStream(path)) {
            byte[] bytes = new byte[128];
            int length = in.read(bytes);
            return length <= 0 ? new String[0] : new String(bytes, 0, length, StandardCharsets.US_ASCII).trim().split("\\s+");
        } catch (IOException | SecurityException e) {
            return new String[0];
        }
    }
}
