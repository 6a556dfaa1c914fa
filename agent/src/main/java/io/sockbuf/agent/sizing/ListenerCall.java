package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.BufferResult;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import static io.sockbuf.agent.sizing.NativeBufferWriter.SOL_SOCKET;
import static io.sockbuf.agent.sizing.NativeBufferWriter.SO_SNDBUF;

/**
 * A ServerSocketChannel's SO_SNDBUF (the channel refuses the option) through core reflection on
 * the same {@code sun.nio.ch.Net} calls {@link NativeBufferWriter} uses, on JDK 11-17 only
 * ({@link #CHEAPER}): there reflection's first calls go through its native accessor, and setting it
 * up costs 0.4 ms, against 5 ms of wall time and 12 ms of CPU for the method handles (their classes
 * spun, then compiled) in every JVM that opens an NIO listener (docs/performance.md). From JDK 18
 * reflection is built on method handles itself and costs more than they do. Listeners are few, so
 * the reflective call's boxing does not matter; the per-socket path keeps the method handles,
 * looked up once the JVM has sized many sockets.
 */
final class ListenerCall {

    /** Whether this is the cheaper way on this JDK. */
    static final boolean CHEAPER = Runtime.version().feature() <= 17;

    private static final OneTimeSetup SETUP = new OneTimeSetup();
    /** Null until set up, and where refused (no Instrumentation, not Linux, the JDK differs). */
    private static volatile Calls calls;

    private ListenerCall() {
    }

    /**
     * @return false where this way is not open (refused, or its setup in another thread outlasted
     *         the wait), or the channel is none of the JDK's selectable ones
     */
    static boolean set(Object channel, int bytes) throws IOException {
        Calls open = setUp();
        if (open == null || !open.selectable.isInstance(channel)) {
            return false;
        }
        try {
            open.set.invoke(null, open.getFd.invoke(channel), true, SOL_SOCKET, SO_SNDBUF, bytes, false);
            return true;
        } catch (InvocationTargetException e) {
            throw NativeBufferWriter.failure(e.getCause());
        } catch (IllegalAccessException e) {
            throw NativeBufferWriter.failure(e);
        }
    }

    /** What the listener holds, as the JDK would report it; UNKNOWN where it cannot be read. */
    static int get(Object channel) {
        Calls open = calls;
        try {
            return open != null && open.selectable.isInstance(channel)
                    ? (Integer) open.get.invoke(null, open.getFd.invoke(channel), true, SOL_SOCKET, SO_SNDBUF) : BufferResult.UNKNOWN;
        } catch (Throwable t) {
            return BufferResult.UNKNOWN;
        }
    }

    /** Done by the first listener's thread; one made meanwhile waits for it as for NativeBufferWriter's lookup. */
    private static Calls setUp() {
        if (!SETUP.done() && SETUP.takeOrAwait(NativeBufferWriter.listenerWaitMillis())) {
            try {
                calls = Calls.lookUp();
            } finally {
                SETUP.finished();
            }
        }
        return calls;
    }

    private static final class Calls {
        final Class<?> selectable;
        final Method getFd;
        final Method set;
        final Method get;

        private Calls(Class<?> selectable, Method getFd, Method set, Method get) {
            this.selectable = selectable;
            this.getFd = getFd;
            this.set = set;
            this.get = get;
        }

        static Calls lookUp() {
            try {
                if (!NativeBufferWriter.openSunNioCh()) {
                    return null;
                }
                Class<?> net = Class.forName("sun.nio.ch.Net");
                Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
                Method getFd = selectable.getMethod("getFD");
                getFd.setAccessible(true);
                Method set = net.getDeclaredMethod("setIntOption0", FileDescriptor.class, boolean.class, int.class, int.class, int.class, boolean.class);
                set.setAccessible(true);
                Method get = net.getDeclaredMethod("getIntOption0", FileDescriptor.class, boolean.class, int.class, int.class);
                get.setAccessible(true);
                return new Calls(selectable, getFd, set, get);
            } catch (Throwable refused) {
                return null; // the listener goes without; its accepted sockets are set one by one
            }
        }
    }
}
