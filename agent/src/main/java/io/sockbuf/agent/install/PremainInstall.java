package io.sockbuf.agent.install;

import io.sockbuf.agent.bridge.NativeTransportListener;
import io.sockbuf.agent.bridge.SocketSizer;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hooks as premain installs them: JDK socket classes are loaded and woven up front, and then no
 * transformer stays registered. A registered transformer, even one that returns at once, makes the
 * JVM hand it every class it loads afterwards (5-10 % of a Netty server's start CPU, see
 * docs/performance.md). Most socket classes wait for a trigger (Hooks.deferredSocketClasses): only
 * the triggers' small classes are woven now. Netty's native transports make their sockets outside
 * the JDK, in classes of the application's loaders: a transformer for them is registered only when
 * their JNI library is about to load, told through the JDK's woven native-library class
 * (Hooks.nativeLibraryLoads).
 */
final class PremainInstall {

    private PremainInstall() {
    }

    static void install(Instrumentation instrumentation, List<Hook> hooks) {
        install(instrumentation, hooks, Hooks.deferredSocketClasses());
    }

    static void install(Instrumentation instrumentation, List<Hook> hooks, List<DeferredGroup> groups) {
        List<Hook> jdkHooks = new ArrayList<>();
        List<Hook> libraryHooks = new ArrayList<>();
        for (Hook hook : hooks) {
            (hook.bySuffix ? libraryHooks : jdkHooks).add(hook);
        }
        SocketSizer.whenANativeTransportLoads(new NativeTransports(instrumentation, libraryHooks));

        List<Hook> nativeLibraryHooks = Hooks.nativeLibraryLoads();
        List<Hook> premainHooks = new ArrayList<>(jdkHooks);
        premainHooks.addAll(nativeLibraryHooks);
        Set<String> deferred = new LinkedHashSet<>();
        for (DeferredGroup group : groups) {
            premainHooks.addAll(group.triggerHooks);
            deferred.addAll(group.classNames);
        }
        HookTransformer jdk = new HookTransformer(premainHooks, Collections.<String>emptyList());
        SocketClassLoading loading = new SocketClassLoading(instrumentation, jdk, nativeLibraryHooks);
        DeferredSocketClasses later = new DeferredSocketClasses(loading, groups);
        synchronized (loading) { // a trigger run by another thread meanwhile waits for the end of this
            SocketSizer.whenSocketClassesAreNeeded(later);
            Set<String> now = new LinkedHashSet<>(jdk.bootClassNames());
            now.removeAll(deferred);
            loading.load(now);
            for (DeferredGroup group : groups) {
                if (!jdk.wove(group.triggerClass)) {
                    later.load(group); // no trigger in this JDK (or it was loaded before the agent)
                }
            }
        }
    }

    /** Registers the library transformer the first time a native transport library is about to load. */
    private static final class NativeTransports implements NativeTransportListener {
        private final Instrumentation instrumentation;
        private final List<Hook> libraryHooks;
        /** Guarded by this; a plain flag, not AtomicBoolean: that class is not in the JDK's CDS archive and would be parsed at every start. */
        private boolean registered;

        NativeTransports(Instrumentation instrumentation, List<Hook> libraryHooks) {
            this.instrumentation = instrumentation;
            this.libraryHooks = libraryHooks;
        }

        @Override
        public void loading(String library) {
            synchronized (this) {
                if (registered) {
                    return;
                }
                registered = true;
            }
            HookTransformer transformer = new HookTransformer(libraryHooks, Hooks.unsizedTransports());
            instrumentation.addTransformer(transformer, true);
            // Netty's channel classes may be loaded already (a class literal names them before the
            // event loop loads the library): re-woven, in this thread, before any is constructed.
            HookInstaller.retransformLoaded(instrumentation, transformer);
        }
    }
}
