package io.sockbuf.agent.install;

import io.sockbuf.agent.log.Log;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * While registered, sees every class the JVM loads and, for the few JDK classes that create
 * sockets (or Netty's epoll channels), hands the class file to the weaver. Everything else costs
 * a map lookup (boot classes) or a few name-ending comparisons (other classes). In premain it is
 * registered only while the JDK's socket classes load (PremainInstall).
 */
final class HookTransformer implements ClassFileTransformer {

    /** The class this thread is weaving right now, if any. */
    private static final ThreadLocal<String> WEAVING = new ThreadLocal<>();

    private final Map<String, List<Hook>> hooksByInternalName = new HashMap<>();
    private final List<Hook> libraryHooks = new ArrayList<>();
    private final List<String> unsizedTransports = new ArrayList<>();
    private final List<String> unsizedTransportBinaryNames = new ArrayList<>();
    /** Binary names of the boot targets, and [length] = whether some target has a name that long (the scan's cheap first test). */
    private final Set<String> bootTargetNames = new HashSet<>();
    private boolean[] bootNameLengths = new boolean[0];
    /** Binary-name endings of the library targets. */
    private final List<String> librarySuffixes = new ArrayList<>();
    /** Guarded by this (see PremainInstall.NativeTransports on AtomicBoolean). */
    private boolean unsizedTransportReported;
    /**
     * Internal names of the JDK target classes the JVM handed to this transformer and it finished
     * with (woven or not); not one whose weaving ran out of stack or memory (an application thread
     * near its limit at its first socket of a kind): that class loaded as it is, as if loaded
     * before, and SocketClassLoading retransforms it.
     */
    private final Set<String> handed = Collections.synchronizedSet(new HashSet<String>());
    /** Internal names of the JDK classes it wove (some hook fitted). */
    private final Set<String> woven = Collections.synchronizedSet(new HashSet<String>());
    /**
     * Test-only: {@code -Dsockbuf.test.failOn=weaving <class>} makes every weaving of that class run
     * out of stack but in the agent's own thread, as for an application thread at its stack limit
     * (see SocketSizer's test.failOn for the socket path).
     */
    private final String failOn = System.getProperty("sockbuf.test.failOn");

    HookTransformer(List<Hook> hooks, List<String> unsizedTransports) {
        for (String transport : unsizedTransports) {
            this.unsizedTransports.add(transport.replace('.', '/'));
            this.unsizedTransportBinaryNames.add(transport);
        }
        for (Hook hook : hooks) {
            if (hook.bySuffix) {
                libraryHooks.add(hook);
                librarySuffixes.add(hook.className);
                continue;
            }
            List<Hook> forClass = hooksByInternalName.get(hook.internalClassName());
            if (forClass == null) {
                forClass = new ArrayList<>();
                hooksByInternalName.put(hook.internalClassName(), forClass);
                // Each name added once: adding one a set holds takes a branch of HashMap.putVal that the
                // JDK's start never takes, and the JIT would throw away and redo its compiled putVal.
                bootTargetNames.add(hook.className);
                if (hook.className.length() >= bootNameLengths.length) {
                    bootNameLengths = Arrays.copyOf(bootNameLengths, hook.className.length() + 1);
                }
                bootNameLengths[hook.className.length()] = true;
            }
            forClass.add(hook);
        }
    }

    /**
     * Whether a class loaded before the transformer is one it weaves. Called for each of the ~800
     * classes loaded before premain, interpreted: a length test first, no string copy or hash for
     * the others (the obvious getName().replace + map lookup took 4-17 ms of every start).
     */
    boolean targets(Class<?> loaded) {
        if (loaded.isArray() || loaded.isPrimitive()) {
            return false;
        }
        String name = loaded.getName();
        if (loaded.getClassLoader() == null) {
            return name.length() < bootNameLengths.length && bootNameLengths[name.length()] && bootTargetNames.contains(name);
        }
        for (String suffix : librarySuffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        for (String transport : unsizedTransportBinaryNames) {
            if (name.endsWith(transport)) {
                reportUnsizedTransport(name.replace('.', '/'));
            }
        }
        return false;
    }

    /** The binary names of the JDK classes this transformer weaves. */
    Set<String> bootClassNames() {
        return bootTargetNames;
    }

    /** Whether the JVM handed this JDK class to the transformer (it was loaded, or retransformed, while registered). */
    boolean wasHanded(String className) {
        return handed.contains(className.replace('.', '/'));
    }

    /** Whether this transformer wove this JDK class: the JVM handed it over and one of its hooks fitted. */
    boolean wove(String className) {
        return woven.contains(className.replace('.', '/'));
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        try {
            return weave(loader, internalName, classBeingRedefined, classFile);
        } catch (StackOverflowError | OutOfMemoryError thisThreadRanOut) {
            return null; // not handed: no line here, writing one would run out too
        }
    }

    private byte[] weave(ClassLoader loader, String internalName, Class<?> classBeingRedefined, byte[] classFile) {
        if (internalName == null) {
            return null;
        }
        List<Hook> hooks = loader == null ? hooksByInternalName.get(internalName) : libraryHooks(internalName);
        if (hooks == null || hooks.isEmpty()) {
            return null;
        }
        if (loader == null && classBeingRedefined != null && ClassFilePatcher.callsTheBridge(classFile)) {
            // Woven at load (premain's transformer): those bytes are what a retransformation starts from.
            return handed(internalName, null);
        }
        String className = internalName.replace('/', '.');
        if (WEAVING.get() != null) {
            // Our own weaving made the JDK load another socket class. Weaving it now could need the
            // class being woven further up this stack (a ClassCircularityError the application would see).
            Log.warn("skipped instrumenting " + className + " while instrumenting " + WEAVING.get()
                    + "; sockets created there are not sized. Please report the JDK version.");
            return loader == null ? handed(internalName, null) : null;
        }
        WEAVING.set(className);
        try {
            Set<String> missing = new TreeSet<>();
            byte[] woven;
            if (failOn != null && failOn.equals("weaving " + className) && !SocketClassLoading.isTheAgentsOwnThread()) {
                throw new StackOverflowError("injected by -Dsockbuf.test.failOn");
            }
            if (loader == null) {
                try {
                    woven = ClassFilePatcher.weave(classFile, hooks, missing);
                } catch (ClassFilePatcher.Unsupported unsupported) {
                    missing = new TreeSet<>();
                    woven = CallWeaver.weave(classFile, hooks, missing);
                }
            } else {
                woven = CallWeaver.weave(classFile, hooks, missing);
            }
            if (!missing.isEmpty()) {
                Log.warn(className + " (" + System.getProperty("java.vm.version") + ") lacks " + missing
                        + ", which the agent hooks: " + (woven == null ? "sockets created there are not sized"
                        : "some of its sockets may not be sized or ruled") + ". Please report this JDK version.");
            }
            if (woven != null && loader == null) {
                this.woven.add(internalName);
            }
            return loader == null ? handed(internalName, woven) : woven;
        } catch (StackOverflowError | OutOfMemoryError thisThreadRanOut) {
            throw thisThreadRanOut;
        } catch (Throwable t) {
            Log.warn("could not instrument " + className + ", sockets created there are not sized: " + t);
            return loader == null ? handed(internalName, null) : null;
        } finally {
            WEAVING.remove();
        }
    }

    private byte[] handed(String internalName, byte[] result) {
        handed.add(internalName);
        return result;
    }

    /** Hooks for a class of an application or library loader; usually none, found by name endings. */
    private List<Hook> libraryHooks(String internalName) {
        List<Hook> found = Collections.emptyList();
        for (Hook hook : libraryHooks) {
            if (hook.targets(internalName)) {
                found = found.isEmpty() ? new ArrayList<Hook>() : found;
                found.add(hook);
            }
        }
        if (found.isEmpty()) {
            reportUnsizedTransport(internalName);
        }
        return found;
    }

    private synchronized boolean firstUnsizedTransport() {
        boolean first = !unsizedTransportReported;
        unsizedTransportReported = true;
        return first;
    }

    private void reportUnsizedTransport(String internalName) {
        for (String transport : unsizedTransports) {
            if (internalName.endsWith(transport) && firstUnsizedTransport()) {
                Log.warn("this application uses " + internalName.replace('/', '.') + ", a transport that"
                        + " creates sockets outside the JDK and that sockbuf cannot size: its sockets keep the kernel's sizes.");
            }
        }
    }

}
