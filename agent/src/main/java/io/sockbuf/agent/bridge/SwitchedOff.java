package io.sockbuf.agent.bridge;

import io.sockbuf.agent.model.SocketRole;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which entry points of the bridge an internal error switched off, per kind of socket: one bit per
 * (entry point, kind) in one word, so the check on every socket is one volatile read.
 */
final class SwitchedOff {

    private static final int KINDS = SocketRole.values().length;
    private static final AtomicLong BITS = new AtomicLong();

    static {
        if (EntryPoint.values().length * KINDS > Long.SIZE) {
            throw new AssertionError("more entry points and kinds than bits");
        }
    }

    private SwitchedOff() {
    }

    static boolean isOff(EntryPoint entry, SocketRole kind) {
        return (BITS.get() & bit(entry, kind)) != 0;
    }

    /** True when every kind of this entry point is off (an error before the kind was known). */
    static boolean isOff(EntryPoint entry) {
        long all = allKinds(entry);
        return (BITS.get() & all) == all;
    }

    /**
     * Switches off this entry point for this kind, or for every kind when {@code kind} is null.
     * Returns true for the call that switched something off (so the error is said once).
     */
    static boolean switchOff(EntryPoint entry, SocketRole kind) {
        long bits = kind == null ? allKinds(entry) : bit(entry, kind);
        while (true) {
            long before = BITS.get();
            if ((before & bits) == bits) {
                return false;
            }
            if (BITS.compareAndSet(before, before | bits)) {
                return true;
            }
        }
    }

    /** For tests: everything on again. */
    static void reset() {
        BITS.set(0);
    }

    private static long bit(EntryPoint entry, SocketRole kind) {
        return 1L << (entry.ordinal() * KINDS + kind.ordinal());
    }

    private static long allKinds(EntryPoint entry) {
        return ((1L << KINDS) - 1) << (entry.ordinal() * KINDS);
    }
}
