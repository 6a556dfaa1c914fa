package io.sockbuf.agent.probe;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Another agent, started after sockbuf, that retransforms the JDK's socket classes (as profilers
 * and tracers do): it opens a java.net and an NIO listener of its own (as an agent that reports to a
 * collector does, and so the JDK loads those socket classes), then registers a transformer that
 * changes nothing and has the JVM rebuild every loaded socket class and {@code java.lang.Runtime}
 * from their class files. With the argument {@code scan-first} it first names a socket class
 * before any socket exists (a class scan), which makes sockbuf keep a transformer registered.
 */
public final class RetransformingAgent {

    private RetransformingAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
        if ("scan-first".equals(arguments)) {
            Class.forName("sun.nio.ch.ServerSocketChannelImpl", false, null);
        }
        try (ServerSocket own = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocketChannel channel = ServerSocketChannel.open()) {
            System.err.println("retransforming-agent: opened listeners " + own + " and " + channel);
        }
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
