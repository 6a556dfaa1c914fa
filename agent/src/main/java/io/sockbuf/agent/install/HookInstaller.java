package io.sockbuf.agent.install;

import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.bridge.SocketSizer;
import io.sockbuf.agent.sizing.NativeBufferWriter;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the hooks into the JDK's socket classes. In premain ({@link PremainInstall}) they are woven as
 * they load, most at the first socket of their kind, and no transformer stays registered; later
 * (attach, JMX) one transformer stays, and the socket classes already loaded are re-woven.
 */
public final class HookInstaller {

    private HookInstaller() {
    }

    /**
     * @param inPremain whether the JVM is calling the agent's premain now (before the application's
     *                  main): then no application socket exists yet. Otherwise (attach, or hooks
     *                  installed later through JMX) the application may hold sockets the agent never
     *                  saw being created, and one transformer stays registered.
     * @param linux     whether this is Linux (log.KernelLimits read it): only there is anything set below setOption
     */
    public static void install(Instrumentation instrumentation, boolean inPremain, boolean linux) {
        NativeBufferWriter.openWith(instrumentation, linux);
        if (inPremain) {
            PremainInstall.install(instrumentation, Hooks.withApplicationSets());
            return;
        }
        SocketSizer.socketsMayPredateTheAgent();
        HookTransformer transformer = new HookTransformer(Hooks.withApplicationSets(), Hooks.unsizedTransports());
        instrumentation.addTransformer(transformer, true);
        retransformLoaded(instrumentation, transformer);
    }

    /** Re-weaves the classes the transformer targets that are loaded already. */
    static void retransformLoaded(Instrumentation instrumentation, HookTransformer transformer) {
        List<Class<?>> alreadyLoaded = loadedTargets(instrumentation, transformer);
        if (!alreadyLoaded.isEmpty()) {
            retransform(instrumentation, alreadyLoaded);
        }
    }

    static List<Class<?>> loadedTargets(Instrumentation instrumentation, HookTransformer transformer) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (transformer.targets(loaded)) {
                targets.add(loaded);
            }
        }
        return targets;
    }

    static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable t) {
            Log.warn("could not re-instrument classes loaded before the agent " + classes
                    + "; the sockets they create (for the JDK's native-library class: Netty's native transports) are not sized: " + t);
        }
    }
}
