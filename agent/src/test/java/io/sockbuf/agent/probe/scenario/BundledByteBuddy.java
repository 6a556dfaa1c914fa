package io.sockbuf.agent.probe.scenario;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;
import static io.sockbuf.agent.probe.scenario.Sockets.report;

/**
 * An application that bundles its own Byte Buddy (the unshaded net.bytebuddy on its class
 * path) and uses it while the agent, which carries only a relocated copy of Byte Buddy's ASM,
 * is active: it generates a subclass of java.net.Socket, loads it in a new class loader and
 * connects with it.
 */
final class BundledByteBuddy {

    private BundledByteBuddy() {
    }

    static void open(Sockets sockets) throws Exception {
        ServerSocket listener = sockets.keep(new ServerSocket(0, 50, LOOPBACK));
        report("listener", listener);
        Socket generated = sockets.keep(ApplicationsByteBuddy.newGeneratedSocket());
        System.out.println("generated " + generated.getClass().getName() + " extends " + generated.getClass().getSuperclass().getName()
                + " says " + generated);
        System.out.println("byte-buddy " + ApplicationsByteBuddy.describe());
        generated.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
        report("generated-client", generated);
        report("accepted", sockets.keep(listener.accept()));
    }

    /** Only this class refers to Byte Buddy, so the other scenarios run without it on the class path. */
    private static final class ApplicationsByteBuddy {
        static Socket newGeneratedSocket() throws Exception {
            Class<? extends Socket> type = new net.bytebuddy.ByteBuddy()
                    .subclass(Socket.class)
                    .name("io.sockbuf.agent.probe.generated.GeneratedSocket")
                    .method(net.bytebuddy.matcher.ElementMatchers.named("toString"))
                    .intercept(net.bytebuddy.implementation.FixedValue.value("made-by-the-application's-byte-buddy"))
                    .make()
                    .load(BundledByteBuddy.class.getClassLoader(), net.bytebuddy.dynamic.loading.ClassLoadingStrategy.Default.WRAPPER)
                    .getLoaded();
            return type.getDeclaredConstructor().newInstance();
        }

        /** Where the application's Byte Buddy came from: its own jar, not the agent's. */
        static String describe() {
            Class<?> byteBuddy = net.bytebuddy.ByteBuddy.class;
            return byteBuddy.getName() + " from " + byteBuddy.getProtectionDomain().getCodeSource().getLocation()
                    + " asm " + net.bytebuddy.jar.asm.ClassWriter.class.getProtectionDomain().getCodeSource().getLocation();
        }
    }
}
