package io.sockbuf.agent.probe;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Another agent, started after sockbuf, that redefines the JDK's socket classes (and
 * {@code java.lang.Runtime}) with their class files as the JDK ships them, as hot-swap tools and
 * Byte Buddy's REDEFINITION strategy do: {@code Instrumentation.redefineClasses}, not retransformation.
 * It loads the socket classes first (as an application's first socket would), so there is something to redefine.
 */
public final class RedefiningAgent {

    private RedefiningAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
        List<ClassDefinition> definitions = new ArrayList<>();
        for (String name : new String[] {"sun.nio.ch.NioSocketImpl", "java.net.AbstractPlainSocketImpl", "sun.nio.ch.SocketChannelImpl",
                "sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.DatagramChannelImpl", "java.lang.Runtime"}) {
            Class<?> loaded;
            try {
                loaded = Class.forName(name, false, null);
            } catch (ClassNotFoundException absent) {
                continue;
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name.replace('.', '/') + ".class")) {
                definitions.add(new ClassDefinition(loaded, readAll(in)));
            }
        }
        instrumentation.redefineClasses(definitions.toArray(new ClassDefinition[0]));
        System.err.println("redefining-agent: redefined " + definitions.size() + " classes");
    }

    private static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int read; (read = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
