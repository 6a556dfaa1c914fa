package io.sockbuf.agent.install;

import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.bridge.SocketSizer;
import io.sockbuf.agent.config.Mode;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/** Registers the transformer and re-weaves socket classes that were loaded before the agent. */
public final class HookInstaller {

    private HookInstaller() {
    }

    /**
     * Whether the JVM is calling the agent's premain now (before the application's main): then no
     * application socket exists yet. Otherwise (attach, or hooks installed later through JMX) the
     * application may hold sockets the agent never saw being created. Told by the JDK's own frame.
     */
    private static boolean duringPremain() {
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            if (frame.getClassName().equals("sun.instrument.InstrumentationImpl") && frame.getMethodName().equals("loadClassAndCallPremain")) {
                return true;
            }
        }
        return false;
    }

    public static void install(Instrumentation instrumentation, Mode mode) {
        if (!duringPremain()) {
            SocketSizer.socketsMayPredateTheAgent();
        }
        HookTransformer transformer = new HookTransformer(Hooks.forMode(mode), Hooks.unsizedTransports());
        instrumentation.addTransformer(transformer, true);
        List<Class<?>> alreadyLoaded = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (transformer.targets(loaded)) {
                alreadyLoaded.add(loaded);
            }
        }
        if (alreadyLoaded.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(alreadyLoaded.toArray(new Class<?>[0]));
        } catch (Throwable t) {
            Log.warn("could not re-instrument socket classes loaded before the agent " + alreadyLoaded
                    + "; sockets created through them are not sized: " + t);
        }
    }
}
