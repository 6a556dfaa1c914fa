package io.sockbuf.agent.install;

import io.sockbuf.agent.log.Log;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sees every class the JVM loads and, for the few JDK classes that create sockets (and Netty's
 * epoll channels), hands the class file to {@link CallWeaver}. Everything else costs a map
 * lookup (boot classes) or a few name-ending comparisons (other classes); no ASM class is loaded
 * until a target class appears.
 */
final class HookTransformer implements ClassFileTransformer {

    /** The class this thread is weaving right now, if any. */
    private static final ThreadLocal<String> WEAVING = new ThreadLocal<>();

    private final Map<String, List<Hook>> hooksByInternalName = new HashMap<>();
    private final List<Hook> libraryHooks = new ArrayList<>();
    private final List<String> unsizedTransports = new ArrayList<>();
    private final AtomicBoolean unsizedTransportReported = new AtomicBoolean();

    HookTransformer(List<Hook> hooks, List<String> unsizedTransports) {
        for (String transport : unsizedTransports) {
            this.unsizedTransports.add(transport.replace('.', '/'));
        }
        for (Hook hook : hooks) {
            if (hook.bySuffix) {
                libraryHooks.add(hook);
                continue;
            }
            List<Hook> forClass = hooksByInternalName.get(hook.internalClassName());
            if (forClass == null) {
                forClass = new ArrayList<>();
                hooksByInternalName.put(hook.internalClassName(), forClass);
            }
            forClass.add(hook);
        }
    }

    boolean targets(Class<?> loaded) {
        String internalName = loaded.getName().replace('.', '/');
        return loaded.getClassLoader() == null ? hooksByInternalName.containsKey(internalName) : !libraryHooks(internalName).isEmpty();
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (internalName == null) {
            return null;
        }
        List<Hook> hooks = loader == null ? hooksByInternalName.get(internalName) : libraryHooks(internalName);
        if (hooks == null || hooks.isEmpty()) {
            return null;
        }
        String className = internalName.replace('/', '.');
        if (WEAVING.get() != null) {
            // Our own weaving made the JDK load another socket class. Weaving it now could need the
            // class being woven further up this stack (a ClassCircularityError the application would see).
            Log.warn("skipped instrumenting " + className + " while instrumenting " + WEAVING.get()
                    + "; sockets created there are not sized. Please report the JDK version.");
            return null;
        }
        WEAVING.set(className);
        try {
            Set<String> missing = new TreeSet<>();
            byte[] woven = CallWeaver.weave(classFile, hooks, missing);
            if (!missing.isEmpty()) {
                Log.warn(className + " (" + System.getProperty("java.vm.version") + ") lacks " + missing
                        + ", which the agent hooks: " + (woven == null ? "sockets created there are not sized"
                        : "some of its sockets may not be sized or ruled") + ". Please report this JDK version.");
            }
            return woven;
        } catch (Throwable t) {
            Log.warn("could not instrument " + className + ", sockets created there are not sized: " + t);
            return null;
        } finally {
            WEAVING.remove();
        }
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

    private void reportUnsizedTransport(String internalName) {
        for (String transport : unsizedTransports) {
            if (internalName.endsWith(transport) && unsizedTransportReported.compareAndSet(false, true)) {
                Log.warn("this application uses " + internalName.replace('/', '.') + ", a transport that"
                        + " creates sockets outside the JDK and that sockbuf cannot size: its sockets keep the kernel's sizes.");
            }
        }
    }

}
