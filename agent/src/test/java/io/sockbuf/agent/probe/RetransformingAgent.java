package io.sockbuf.agent.probe;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Another agent, started after sockbuf, that retransforms the JDK's socket classes (as profilers
 * and tracers do): it registers a transformer that changes nothing and has the JVM rebuild every
 * loaded socket class and {@code java.lang.Runtime} from their class files.
 */
public final class RetransformingAgent {

    private RetransformingAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
        instrumentation.addTransformer(new ClassFileTransformer() { }, true);
        List<Class<?>> socketClasses = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            String name = loaded.getName();
            if ((name.startsWith("sun.nio.ch.") || name.startsWith("java.net.")) && name.endsWith("Impl")
                    || name.equals("java.lang.Runtime")) {
                socketClasses.add(loaded);
            }
        }
        instrumentation.retransformClasses(socketClasses.toArray(new Class<?>[0]));
        System.err.println("retransforming-agent: retransformed " + socketClasses.size() + " classes " + socketClasses);
    }
}
