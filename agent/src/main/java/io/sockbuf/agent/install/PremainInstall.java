package io.sockbuf.agent.install;

import io.sockbuf.agent.bridge.NativeTransportListener;
import io.sockbuf.agent.bridge.SocketSizer;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hooks as premain installs them: every JDK socket class is loaded and woven now, and then no
 * transformer stays registered. A registered transformer, even one that returns at once, makes the
 * JVM hand it every class it loads afterwards (5-10 % of a Netty server's start CPU, see
 * docs/performance.md). Netty's native transports make their sockets outside the JDK, in classes of
 * the application's loaders: a transformer for them is registered only when their JNI library is
 * about to load, told through the JDK's woven native-library class (Hooks.nativeLibraryLoads).
 */
final class PremainInstall {

    private PremainInstall() {
    }

    static void install(Instrumentation instrumentation, List<Hook> hooks) {
        List<Hook> jdkHooks = new ArrayList<>();
        List<Hook> libraryHooks = new ArrayList<>();
        for (Hook hook : hooks) {
            (hook.bySuffix ? libraryHooks : jdkHooks).add(hook);
        }
        SocketSizer.whenANativeTransportLoads(new NativeTransports(instrumentation, libraryHooks));

        List<Hook> nativeLibraryHooks = Hooks.nativeLibraryLoads();
        List<Hook> premainHooks = new ArrayList<>(jdkHooks);
        premainHooks.addAll(nativeLibraryHooks);
        HookTransformer jdk = new HookTransformer(premainHooks, Collections.<String>emptyList());
        // Not retransformation-capable: the woven bytes become the ones any later retransformation
        // (another agent's) starts from, so the hooks survive it though this transformer is gone.
        instrumentation.addTransformer(jdk, false);
        List<Class<?>> socketClassesLoadedBefore = new ArrayList<>();
        List<Class<?>> loadedBefore = new ArrayList<>();
        try {
            for (String className : jdk.bootClassNames()) {
                Class<?> loaded = loadWithoutInitializing(className);
                if (loaded != null && !jdk.wasHanded(className)) {
                    // Loaded before the agent: the JVM did not hand it over now. The native-library
                    // class always is (java.instrument loads its own library before any premain).
                    loadedBefore.add(loaded);
                    if (!isTargetOf(nativeLibraryHooks, className)) {
                        socketClassesLoadedBefore.add(loaded);
                    }
                }
            }
        } finally {
            instrumentation.removeTransformer(jdk);
        }
        if (loadedBefore.isEmpty()) {
            return;
        }
        // The same hooks again, now retransformation-capable, for what was loaded before.
        instrumentation.addTransformer(jdk, true);
        HookInstaller.retransform(instrumentation, loadedBefore);
        if (socketClassesLoadedBefore.isEmpty()) {
            // Kept otherwise: a socket class woven by retransformation keeps its hooks through
            // another agent's retransformation only while this transformer is registered.
            instrumentation.removeTransformer(jdk);
        }
    }

    private static boolean isTargetOf(List<Hook> hooks, String className) {
        for (Hook hook : hooks) {
            if (hook.className.equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** A class this JDK lacks (NioSocketImpl on 11, PlainSocketImpl on 18+) is simply not there. */
    private static Class<?> loadWithoutInitializing(String className) {
        try {
            return Class.forName(className, false, null);
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    /** Registers the library transformer the first time a native transport library is about to load. */
    private static final class NativeTransports implements NativeTransportListener {
        private final Instrumentation instrumentation;
        private final List<Hook> libraryHooks;
        private final AtomicBoolean registered = new AtomicBoolean();

        NativeTransports(Instrumentation instrumentation, List<Hook> libraryHooks) {
            this.instrumentation = instrumentation;
            this.libraryHooks = libraryHooks;
        }

        @Override
        public void loading(String library) {
            if (!registered.compareAndSet(false, true)) {
                return;
            }
            HookTransformer transformer = new HookTransformer(libraryHooks, Hooks.unsizedTransports());
            instrumentation.addTransformer(transformer, true);
            // Netty's channel classes may be loaded already (a class literal names them before the
            // event loop loads the library): re-woven, in this thread, before any is constructed.
            HookInstaller.retransformLoaded(instrumentation, transformer);
        }
    }
}
