package io.sockbuf.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Named in the manifest as Premain-Class and Agent-Class. Makes sure the agent's classes live in
 * the boot loader (the JDK classes it instruments can only see that one), then hands off.
 */
public final class SockbufAgent {

    private SockbufAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    /** {@code java -jar sockbuf-agent.jar attach|status PID} (or any Attach API client) loaded the agent into a running JVM. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean attached) {
        try {
            File appendedJar = ensureOnBootClassPath(instrumentation);
            // Resolved after the line above: in the fallback case Agent comes from the boot loader too
            // (a class of another loader: Agent.load must be public).
            Agent.load(arguments, instrumentation, appendedJar, attached);
        } catch (Throwable t) {
            io.sockbuf.agent.log.LogSink.warn("the agent could not start; sockets are left alone: " + t);
        }
    }

    /**
     * The manifest's Boot-Class-Path names {@code sockbuf-agent.jar} next to the agent jar itself.
     * If the jar was renamed, that entry finds nothing and this class came from the system loader:
     * then the jar is appended to the boot class path at run time (costs class-data sharing of
     * application classes on JDK 17+, so the user is told).
     *
     * @return the jar appended at run time, or null when the manifest entry worked
     */
    private static File ensureOnBootClassPath(Instrumentation instrumentation) throws Exception {
        if (SockbufAgent.class.getClassLoader() == null) {
            return null;
        }
        File jar = new File(SockbufAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
        return jar;
    }
}
