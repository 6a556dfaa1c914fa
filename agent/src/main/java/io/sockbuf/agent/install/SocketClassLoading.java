package io.sockbuf.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Loads JDK socket classes with the hooks woven in and leaves no transformer registered (see
 * PremainInstall): each class is loaded, not initialized, through the premain transformer, which is
 * not retransformation-capable, so the woven bytes are what any later retransformation (another
 * agent's) starts from. A class the JVM did not hand over was loaded before: it is retransformed,
 * and then the transformer stays registered, retransformation-capable, for good.
 */
final class SocketClassLoading {
    private final Instrumentation instrumentation;
    private final HookTransformer transformer;
    /** Woven by retransformation without keeping the transformer: only Netty's detection rides on it. */
    private final List<Hook> nativeLibraryHooks;
    /** The transformer is registered for good, retransformation-capable: it weaves every class the JDK loads from then on. */
    private boolean kept;

    SocketClassLoading(Instrumentation instrumentation, HookTransformer transformer, List<Hook> nativeLibraryHooks) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.nativeLibraryHooks = nativeLibraryHooks;
    }

    synchronized void load(Collection<String> classNames) {
        List<Class<?>> loadedBefore = new ArrayList<>();
        boolean socketClassLoadedBefore = false;
        if (!kept) {
            instrumentation.addTransformer(transformer, false);
        }
        try {
            for (String className : classNames) {
                Class<?> loaded = loadWithoutInitializing(className);
                if (loaded != null && !transformer.wasHanded(className)) {
                    // The native-library class always was (java.instrument loads its own library before any premain).
                    loadedBefore.add(loaded);
                    socketClassLoadedBefore |= !isTargetOf(nativeLibraryHooks, className);
                }
            }
        } finally {
            if (!kept) {
                instrumentation.removeTransformer(transformer);
            }
        }
        if (loadedBefore.isEmpty()) {
            return;
        }
        if (!kept) {
            instrumentation.addTransformer(transformer, true);
        }
        HookInstaller.retransform(instrumentation, loadedBefore);
        if (socketClassLoadedBefore) {
            // A socket class woven by retransformation keeps its hooks through another agent's
            // retransformation only while this transformer is registered.
            kept = true;
        } else if (!kept) {
            instrumentation.removeTransformer(transformer);
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
}
