package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.BufferResult;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.security.AccessController;
import java.security.PrivilegedExceptionAction;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;

/**
 * A ServerSocketChannel's SO_SNDBUF (the JDK refuses the option on a listener; Linux copies it into
 * every socket the listener accepts), set and read through a small class the agent defines in
 * sun.nio.ch ({@link ListenerChannelClassFile}) with the lookup the woven ServerSocketChannelImpl
 * constructor hands over. No package is opened and no method handle made: those cost 7.5 ms of CPU
 * on JDK 11-17 and 33 ms on JDK 25 in every JVM that opens an NIO listener (docs/performance.md).
 *
 * <p>The first listener's thread defines the class; a listener made meanwhile waits for it, at most
 * 100 ms (without the size, that one listener would make every accepted socket of the JVM be set at
 * accept: ListenerSend). Where the class cannot be defined or called (a JDK whose sun.nio.ch
 * differs), listeners go without and their accepted sockets are set one by one.
 */
public final class ListenerChannelCall {

    /** How long a listener waits for a definition another thread is doing (measured: 1-2 ms). */
    private static final long WAIT_MILLIS = 100;
    /**
     * Test-only: {@code -Dsockbuf.test.listenerWaitMillis=N} lengthens that wait, so that a test of
     * listeners made at once does not fail on a machine too busy to define the class in 100 ms.
     */
    private static final String WAIT = "sockbuf.test.listenerWaitMillis";

    private static final OneTimeSetup DEFINITION = new OneTimeSetup();
    /**
     * The defined class's instance, an {@code ObjIntConsumer} and a {@code ToIntFunction}: null until
     * its initialiser handed it over, null again if a call failed to link.
     */
    private static volatile Object call;

    private ListenerChannelCall() {
    }

    /**
     * A listener was made: with its class's lookup, the class is defined if no thread did so yet.
     * Never throws (the listener goes without).
     */
    public static void learnFrom(Object lookup) {
        if (DEFINITION.done() || !intoSunNioCh(lookup)) {
            return; // anything else (the bridge is public) must not use up the one definition
        }
        try {
            if (DEFINITION.takeOrAwait(waitMillis())) {
                try {
                    define((MethodHandles.Lookup) lookup);
                } finally {
                    DEFINITION.finished();
                }
            }
        } catch (Throwable refused) {
            // a JDK whose sun.nio.ch differs: listeners go without
        }
    }

    /** Whether this is a lookup that can define a class in sun.nio.ch, as the woven constructor's is. */
    private static boolean intoSunNioCh(Object lookup) {
        if (!(lookup instanceof MethodHandles.Lookup)) {
            return false;
        }
        MethodHandles.Lookup candidate = (MethodHandles.Lookup) lookup;
        Class<?> owner = candidate.lookupClass();
        return owner.getModule() == Object.class.getModule() && owner.getPackageName().equals("sun.nio.ch")
                && (candidate.lookupModes() & MethodHandles.Lookup.PACKAGE) != 0;
    }

    /** Called by the defined class's initialiser only (checked: it is public, on the boot class path). */
    public static void defined(Object instance) {
        Class<?> type = instance == null ? Object.class : instance.getClass();
        if (call == null && type.getName().equals(ListenerChannelClassFile.NAME) && type.getModule() == Object.class.getModule()) {
            call = instance;
        }
    }

    /** @return false where this way is not open: the listener goes without */
    @SuppressWarnings("unchecked")
    static boolean set(Object channel, int bytes) throws IOException {
        Object open = call;
        if (open == null) {
            return false;
        }
        try {
            ((ObjIntConsumer<Object>) open).accept(channel, bytes);
            return true;
        } catch (LinkageError differs) {
            call = null; // this JDK's sun.nio.ch is not what the class calls: never again
            return false;
        } catch (Exception e) {
            throw NativeBufferWriter.failure(e); // as the channel's own setOption would have thrown it
        }
    }

    /** What the listener holds, as the JDK would report it; UNKNOWN where it cannot be read. */
    @SuppressWarnings("unchecked")
    static int get(Object channel) {
        Object open = call;
        try {
            return open != null ? ((ToIntFunction<Object>) open).applyAsInt(channel) : BufferResult.UNKNOWN;
        } catch (Throwable t) {
            return BufferResult.UNKNOWN;
        }
    }

    private static void define(MethodHandles.Lookup lookup) throws Exception {
        if (!NativeBufferWriter.onLinux()) {
            return; // Linux's copy into accepted sockets is what the listener's size is for
        }
        Class<?> defined = System.getSecurityManager() == null ? lookup.defineClass(ListenerChannelClassFile.bytes())
                : AccessController.doPrivileged(new Definition(lookup)); // JDK 11 checks the application's frames too
        Class.forName(defined.getName(), true, null); // its initialiser hands over its instance (defined)
    }

    /** Defining with the agent's own permissions (a boot class: all), not the application's on the stack. */
    private static final class Definition implements PrivilegedExceptionAction<Class<?>> {
        private final MethodHandles.Lookup lookup;

        Definition(MethodHandles.Lookup lookup) {
            this.lookup = lookup;
        }

        @Override
        public Class<?> run() throws IllegalAccessException {
            return lookup.defineClass(ListenerChannelClassFile.bytes());
        }
    }

    private static long waitMillis() {
        try {
            return Long.getLong(WAIT, WAIT_MILLIS);
        } catch (RuntimeException refused) {
            return WAIT_MILLIS; // a security manager
        }
    }
}
