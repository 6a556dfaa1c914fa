package io.sockbuf.agent.install;

import io.sockbuf.agent.log.Log;

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
    /** How long a thread whose weaving ran out waits for it to be done again (it takes some 5 ms). */
    private static final long RETRY_MILLIS = 1000;
    private static final String RETRY_THREAD = "sockbuf-instrument-again";

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
                    // The native-library class always was (java.instrument loads its own library before
                    // any premain); a class whose weaving ran out of stack in this thread looks the same.
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
        List<Class<?>> ranOut = new ArrayList<>();
        for (Class<?> retransformed : loadedBefore) {
            if (!transformer.wasHanded(retransformed.getName())) {
                ranOut.add(retransformed);
            }
        }
        if (!ranOut.isEmpty()) {
            retransformFromAThreadOfItsOwn(ranOut);
        }
        if (socketClassLoadedBefore) {
            // A socket class woven by retransformation keeps its hooks through another agent's
            // retransformation only while this transformer is registered.
            kept = true;
        } else if (!kept) {
            instrumentation.removeTransformer(transformer);
        }
    }

    /**
     * Weaving failed in this thread (it ran out of stack or memory near its limit, at its first
     * socket of a kind): retransformed from a thread with a stack of its own, which this one waits
     * for at most RETRY_MILLIS (past that the classes are woven a little later, and sockets made
     * meanwhile go unsized).
     */
    private void retransformFromAThreadOfItsOwn(final List<Class<?>> classes) {
        Thread retry = new Thread(new Runnable() {
            @Override
            public void run() {
                Log.warn("could not instrument " + classes + " in the thread of the first socket of their kind (out of stack or"
                        + " memory: a thread near its limit, say); instrumented again from a thread of the agent's, which keeps a transformer registered.");
                HookInstaller.retransform(instrumentation, classes);
            }
        }, RETRY_THREAD);
        retry.setDaemon(true);
        retry.start();
        try {
            retry.join(RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // the application's: it stays set
        }
    }

    static boolean isTheAgentsOwnThread() {
        return Thread.currentThread().getName().equals(RETRY_THREAD);
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
