package io.sockbuf.agent.install;

import io.sockbuf.agent.log.SocketLog;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sees every class the JVM loads and, for the few JDK classes that create sockets, hands the
 * class file to {@link ExitCallWeaver}. Everything else costs one null check and one map lookup;
 * no ASM class is loaded until a target class appears.
 */
final class HookTransformer implements ClassFileTransformer {

    /** The class this thread is weaving right now, if any. */
    private static final ThreadLocal<String> WEAVING = new ThreadLocal<>();

    private final Map<String, List<Hook>> hooksByInternalName = new HashMap<>();

    HookTransformer(List<Hook> hooks) {
        for (Hook hook : hooks) {
            List<Hook> forClass = hooksByInternalName.get(hook.internalClassName());
            if (forClass == null) {
                forClass = new ArrayList<>();
                hooksByInternalName.put(hook.internalClassName(), forClass);
            }
            forClass.add(hook);
        }
    }

    boolean targets(String internalName) {
        return hooksByInternalName.containsKey(internalName);
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader != null || internalName == null) {
            return null; // the socket classes all belong to the boot loader
        }
        List<Hook> hooks = hooksByInternalName.get(internalName);
        if (hooks == null) {
            return null;
        }
        String className = internalName.replace('/', '.');
        if (WEAVING.get() != null) {
            // Our own weaving made the JDK load another socket class. Weaving it now could need the
            // class being woven further up this stack (a ClassCircularityError the application would see).
            SocketLog.warn("skipped instrumenting " + className + " while instrumenting " + WEAVING.get()
                    + "; sockets created there are not sized. Please report the JDK version.");
            return null;
        }
        WEAVING.set(className);
        try {
            byte[] woven = ExitCallWeaver.weave(classFile, hooks);
            if (woven == null) {
                SocketLog.warn("this JDK's " + className + " does not have what the agent hooks ("
                        + describe(hooks) + "); sockets created there are not sized. Please report the JDK version.");
            }
            return woven;
        } catch (Throwable t) {
            SocketLog.warn("could not instrument " + className + ", sockets created there are not sized: " + t);
            return null;
        } finally {
            WEAVING.remove();
        }
    }

    private static String describe(List<Hook> hooks) {
        StringBuilder text = new StringBuilder();
        for (Hook hook : hooks) {
            text.append(text.length() == 0 ? "" : " or ").append(hook.describeTarget());
        }
        return text.toString();
    }
}
