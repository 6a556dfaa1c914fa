package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.Direction;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets a buffer of a new NIO channel or java.net socket impl through the native call its own
 * setOption ends in ({@code sun.nio.ch.Net.setIntOption0}, the same on JDK 11-25), skipping
 * setOption's checks, its lock and the agent's hook on it: on a UDP open+close that Java path costs
 * as much as the agent's whole bookkeeping (docs/performance.md). The kernel sees the same
 * {@code setsockopt}.
 *
 * <p>Only for a channel still in its constructor, or an impl still in its {@code create} (its
 * Socket or ServerSocket counts it as created, and so closes it, only once create returned), or
 * one accept just filled (not yet attached to its Socket): no other thread can close it and have
 * its descriptor number reused meanwhile, which setOption's lock and open check would otherwise
 * rule out. Only on Linux (the option numbers below are Linux's) and only where java.base opens
 * sun.nio.ch to the agent's module, through the Instrumentation HookInstaller hands over. That
 * module is the boot loader's unnamed one, which the agent shares with whatever else is on the
 * boot class path ({@code -Xbootclasspath/a}, other agents' Boot-Class-Path). Anywhere else, and
 * for channels that are not the JDK's selectable ones, the caller uses setOption.
 *
 * <p>Opening the package and looking the native call up cost some 10 ms of CPU (redefineModule,
 * method-handle setup), more than a short-lived JVM would ever save: both are done once the JVM
 * has set {@link #SETS_BEFORE_LOOKUP} sizes on channels, by the thread that sets the next one,
 * while the others go on through setOption. A listener's send size goes another way
 * ({@link ListenerChannelCall}).
 */
public final class NativeBufferWriter {

    /** {@code <asm-generic/socket.h>}. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;

    /** 1,024 sockets given both sizes, 2,048 given one. */
    static final int SETS_BEFORE_LOOKUP = 2048;

    /** Sizes set on new sockets so far, up to the lookup; racy on purpose (an estimate is enough). */
    private static int setsBeforeLookup;
    private static final OneTimeSetup LOOKUP = new OneTimeSetup();
    /** Whether the lookup found the native call; only then is {@link Native} touched again. */
    private static volatile boolean found;
    private static volatile Instrumentation instrumentation;
    /** Told by {@link #openWith}, before the application runs: a security manager may refuse its threads even os.name. */
    private static volatile boolean linux;
    /** Looked up from the first accepted impl's own class, so that class is never loaded early (and unwoven) by the lookup. */
    private static volatile ImplDescriptor implDescriptor;

    private NativeBufferWriter() {
    }

    /** Where java.base will be asked to open sun.nio.ch, when it comes to that; before any channel is sized. */
    public static void openWith(Instrumentation jvm, boolean onLinux) {
        instrumentation = jvm;
        linux = onLinux;
    }

    /** Whether this is Linux, whose option numbers this class uses and whose listeners hand their send size to accepted sockets. */
    static boolean onLinux() {
        return linux;
    }

    /** @return false where this way is not open (yet): the caller sets the size through setOption */
    static boolean setOnChannel(Object channel, Direction direction, int bytes) throws IOException {
        if (!open() || !Native.SELECTABLE.isInstance(channel)) {
            return false;
        }
        FileDescriptor fd;
        try {
            fd = (FileDescriptor) Native.GET_FD.invokeExact(channel); // a constant handle: the JIT inlines it
        } catch (Throwable t) {
            throw failure(t);
        }
        return set(fd, direction, bytes);
    }

    /** A java.net impl's descriptor, as its create just made it. @return false where this way is not open (yet) */
    static boolean setOnDescriptor(FileDescriptor fd, Direction direction, int bytes) throws IOException {
        return open() && set(fd, direction, bytes);
    }

    /** An impl accept just filled (JDK 13+'s NioSocketImpl; not yet its Socket's). @return false where this way is not open (yet) */
    static boolean setOnAcceptedImpl(Object impl, Direction direction, int bytes) throws IOException {
        if (!open()) {
            return false;
        }
        ImplDescriptor known = implDescriptor;
        if (known == null) {
            known = ImplDescriptor.of(impl.getClass()); // racy: two threads may look it up, to the same end
            implDescriptor = known;
        }
        if (known.getter == null || known.implClass != impl.getClass()) {
            return false;
        }
        FileDescriptor fd;
        try {
            fd = (FileDescriptor) known.getter.invokeExact(impl);
        } catch (Throwable t) {
            throw failure(t);
        }
        return set(fd, direction, bytes);
    }

    /** Whether the native call can be used, after the lookup (done by the caller's thread when its time has come). */
    private static boolean open() {
        if (!LOOKUP.done()) {
            if (++setsBeforeLookup < SETS_BEFORE_LOOKUP || !LOOKUP.take()) {
                return false;
            }
            lookUpNow();
        }
        return found;
    }

    private static void lookUpNow() {
        try {
            found = lookUp();
        } finally {
            LOOKUP.finished();
        }
    }

    private static boolean set(FileDescriptor fd, Direction direction, int bytes) throws IOException {
        try {
            // mayNeedConversion=true as for every SOL_SOCKET option the JDK's channels and NioSocketImpl set (raises a receive size below 1024 to 1024)
            Native.SET_INT_OPTION.invokeExact(fd, true, SOL_SOCKET, direction == Direction.RECEIVE ? SO_RCVBUF : SO_SNDBUF, bytes, false);
            return true;
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    /** What a handle threw, as the caller's set would have thrown it: unchecked ones as they are, the rest as an IOException. */
    static IOException failure(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return t instanceof IOException ? (IOException) t : new IOException(t);
    }

    /**
     * Initializes {@link Native} in this thread. Its initializer catches what the lookup throws, but
     * it can still die itself (a stack overflow as it starts, say): then the class stays broken and
     * every later touch would throw, so nothing touches it again and setOption it is.
     */
    private static boolean lookUp() {
        try {
            return Native.SET_INT_OPTION != null;
        } catch (Throwable broken) {
            return false;
        }
    }

    /**
     * Opens java.base's sun.nio.ch to the agent's module (idempotent); only on Linux, whose option
     * numbers this class uses. May throw: no Instrumentation, refused, or the JDK differs.
     *
     * @return false where this is not Linux
     */
    private static boolean openSunNioCh() {
        if (!linux) {
            return false;
        }
        Module agent = NativeBufferWriter.class.getModule();
        Map<String, Set<Module>> opens = Collections.singletonMap("sun.nio.ch", Collections.singleton(agent));
        instrumentation.redefineModule(Object.class.getModule(), Collections.<Module>emptySet(),
                Collections.<String, Set<Module>>emptyMap(), opens, Collections.<Class<?>>emptySet(),
                Collections.<Class<?>, List<Class<?>>>emptyMap());
        return true;
    }

    /** Looked up when first used. */
    private static final class Native {
        static final Class<?> SELECTABLE;
        static final MethodHandle GET_FD;
        static final MethodHandle SET_INT_OPTION;

        static {
            Class<?> selectable = null;
            MethodHandle getFd = null;
            MethodHandle setIntOption = null;
            try {
                if (openSunNioCh()) {
                    Class<?> net = Class.forName("sun.nio.ch.Net");
                    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(net, MethodHandles.lookup());
                    selectable = Class.forName("sun.nio.ch.SelChImpl");
                    getFd = lookup.findVirtual(selectable, "getFD", MethodType.methodType(FileDescriptor.class))
                            .asType(MethodType.methodType(FileDescriptor.class, Object.class));
                    setIntOption = lookup.findStatic(net, "setIntOption0", MethodType.methodType(void.class,
                            FileDescriptor.class, boolean.class, int.class, int.class, int.class, boolean.class));
                }
            } catch (Throwable notOpen) {
                setIntOption = null; // no Instrumentation, refused, or the JDK differs: setOption it is
            }
            SELECTABLE = selectable;
            GET_FD = getFd;
            SET_INT_OPTION = setIntOption;
        }
    }

    /** How to read an accepted impl's descriptor: SocketImpl's protected fd, through a lookup in NioSocketImpl (in sun.nio.ch). */
    private static final class ImplDescriptor {
        final Class<?> implClass;
        /** Null where it cannot be read (JDK 11's plain impls, a refused lookup): setOption it is. */
        final MethodHandle getter;

        private ImplDescriptor(Class<?> implClass, MethodHandle getter) {
            this.implClass = implClass;
            this.getter = getter;
        }

        static ImplDescriptor of(Class<?> implClass) {
            MethodHandle getter = null;
            try {
                if (implClass.getName().equals("sun.nio.ch.NioSocketImpl")) {
                    // protected in SocketImpl: reachable from a lookup in its subclass, for receivers of that subclass
                    getter = MethodHandles.privateLookupIn(implClass, MethodHandles.lookup()).findGetter(implClass, "fd", FileDescriptor.class)
                            .asType(MethodType.methodType(FileDescriptor.class, Object.class));
                }
            } catch (Throwable unreadable) {
                getter = null;
            }
            return new ImplDescriptor(implClass, getter);
        }
    }
}
