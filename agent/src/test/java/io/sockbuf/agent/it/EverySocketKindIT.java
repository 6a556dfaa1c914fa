package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.Ports;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every socket kind an unchanged program opens gets the configured sizes: read back inside the
 * JVM with getsockopt, and from the kernel with ss (which shows the doubled value Linux keeps).
 * The sizes ({@link TestSizes}) differ from every kernel default, so an unsized socket fails the test.
 */
class EverySocketKindIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void socketsAndServerSocketsOfEveryConstructorAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "socket");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void sslSocketsAndSslServerSocketsAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "ssl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void nioChannelsAreSizedAlsoWhenOpenedThroughSelectorProvider(Jdk jdk) throws Exception {
        checkScenario(jdk, "nio");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void asynchronousChannelsAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "async");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void datagramMulticastAndDatagramChannelAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "udp");
    }

    /** The JDK loads each kind's classes at its first socket, here all at once: premain left most of them unloaded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theFirstSocketsOfEveryKindOpenedAtOnceAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "all-kinds-at-once");
    }

    /** Loaded by name before the JDK needs them (a class scan): they must be re-woven, not left as loaded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void socketClassesLoadedByNameBeforeAnySocketAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "socket-classes-loaded-first,socket,nio,async,udp");
    }

    /**
     * Premain weaves the small classes every NIO listener, asynchronous and UDP socket is made behind,
     * not their socket classes: those load at the first socket of their kind (the tests above). A
     * class that loads without its trigger costs the JVM a transformer for good, so this also
     * catches a JDK that starts loading one of them on its own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aJvmThatOnlyUsesJavaNetSocketsLoadsNoOtherKindsSocketClasses(Jdk jdk, @TempDir Path directory) throws Exception {
        Path classLog = directory.resolve("classes.log");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Xlog:class+load=info:file=" + classLog).run("socket");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(TestSizes.RECV, run.values().get("client").recv, run.toString());
        String loaded = new String(Files.readAllBytes(classLog), StandardCharsets.UTF_8);
        List<String> unused = new ArrayList<>(Arrays.asList("sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.DatagramChannelImpl",
                "sun.nio.ch.AsynchronousSocketChannelImpl", "sun.nio.ch.AsynchronousServerSocketChannelImpl", "java.net.AbstractPlainDatagramSocketImpl"));
        if (jdk.feature >= 13) {
            unused.add("java.net.AbstractPlainSocketImpl"); // JDK 11's java.net impl; 13-17 use it only when told to
        }
        if (jdk.feature < 21) {
            unused.add("sun.nio.ch.SocketChannelImpl"); // 21+ load it from file streams, and so does premain there
        }
        for (String className : unused) {
            assertFalse(loaded.contains(" " + className + " "), jdk + " loaded " + className);
        }
    }

    /**
     * Every kind's classes are woven as they load (at premain or at their trigger), none found
     * loaded before and retransformed: that would keep a transformer registered for good (on JDK 25
     * the verifier once loaded NioSocketImpl ahead of its trigger). Only the JDK's native-library
     * class, loaded before any premain, is retransformed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void everySocketKindsClassesAreWovenAsTheyLoadNotRetransformed(Jdk jdk, @TempDir Path directory) throws Exception {
        Path classLog = directory.resolve("classes.log");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Xlog:class+load=info:file=" + classLog)
                .run("socket,nio,async,udp");
        assertEquals(0, run.exitCode, run.toString());
        List<String> retransformed = new ArrayList<>();
        for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
            if (line.contains("source: __VM_RedefineClasses__") && !line.contains("NativeLibrar")) {
                retransformed.add(line);
            }
        }
        assertEquals(List.of(), retransformed, jdk + "\n" + run);
    }

    /**
     * No class of the agent's with a static initializer is initialized by an application's socket:
     * all are by the agent's start. A class whose initializer failed once (a StackOverflowError in a
     * thread near its stack limit) would stay broken and fail every later socket of the JVM. The one
     * exception guards itself: NativeBufferWriter's lookup, made past its first 2,048 sets (not here).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void noAgentClassInitializerRunsAtAnApplicationsSocket(Jdk jdk, @TempDir Path directory) throws Exception {
        Path initLog = directory.resolve("init.log");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Xlog:class+init=info:file=" + initLog)
                .run("socket,nio,async,udp,who-set-it");
        assertEquals(0, run.exitCode, run.toString());
        boolean applicationStarted = false;
        List<String> lateInitializers = new ArrayList<>();
        for (String line : Files.readAllLines(initLog, StandardCharsets.UTF_8)) {
            if (line.contains(" Initializing 'io/sockbuf/agent/probe/")) {
                applicationStarted = true;
            } else if (applicationStarted && line.contains(" Initializing 'io/sockbuf/agent/") && !line.contains("(no method)")) {
                lateInitializers.add(line);
            }
        }
        assertTrue(applicationStarted, "the probe's classes appear in the log: " + run);
        assertEquals(List.of(), lateInitializers, jdk + "\n" + run);
    }

    /** JDK 13-17 can switch back to the pre-NIO socket implementations, which need their own hooks. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#withPlainImplSwitch")
    void legacyPlainSocketImplementationsAreSized(Jdk jdk) throws Exception {
        checkScenario(jdk, "socket", "-Djdk.net.usePlainSocketImpl=true");
        checkScenario(jdk, "udp", "-Djdk.net.usePlainDatagramSocketImpl=true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withoutTheAgentTheSameProgramKeepsKernelDefaults(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).run("socket");
        assertEquals(0, run.exitCode, run.toString());
        for (Map.Entry<String, Buffers> socket : run.values().entrySet()) {
            assertNotEquals(TestSizes.RECV, socket.getValue().recv, socket.getKey() + " recv without agent\n" + run);
            assertNotEquals(TestSizes.SEND, socket.getValue().send, socket.getKey() + " send without agent\n" + run);
        }
        assertTrue(run.sockbufLines().isEmpty(), run.toString());
    }

    private static void checkScenario(Jdk jdk, String scenario, String... options) throws Exception {
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions(options).hold(scenario)) {
            assertTrue(held.values.size() >= 2, "probe reported too few sockets: " + held.values.keySet());
            for (Map.Entry<String, Buffers> socket : held.values.entrySet()) {
                String name = socket.getKey();
                Ports ports = held.ports.get(name);
                String context = jdk + " " + scenario + " " + name;
                assertEquals(TestSizes.RECV, socket.getValue().recv, context + " SO_RCVBUF");
                if (isListener(name)) {
                    if (ports.local == 0) {
                        continue; // never bound: no kernel-side name to look it up by
                    }
                    KernelView listener = KernelView.tcpListener(ports.local);
                    assertEquals(2L * TestSizes.RECV, listener.receiveBytes, context + " kernel rb");
                    // The accepted sockets' send size is set on the listener, which they inherit it from; not on asynchronous ones.
                    assertEquals(name.startsWith("async") ? KernelView.tcpSendDefault() : 2L * TestSizes.SEND, listener.sendBytes,
                            context + " kernel tb: " + listener);
                    continue;
                }
                assertEquals(TestSizes.SEND, socket.getValue().send, context + " SO_SNDBUF");
                KernelView kernel = isUdp(name) ? KernelView.udpSocket(ports.local)
                        : ports.remote == 0 ? null : KernelView.tcpConnection(ports.local, ports.remote);
                if (kernel != null) {
                    assertEquals(2L * TestSizes.RECV, kernel.receiveBytes, context + " kernel rb: " + kernel);
                    assertEquals(2L * TestSizes.SEND, kernel.sendBytes, context + " kernel tb: " + kernel);
                }
            }
            ForkedJvm.Result result = held.release();
            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.stderr.contains("[sockbuf] at exit:"), result.toString());
        }
    }


    private static boolean isListener(String name) {
        return name.endsWith("listener");
    }

    private static boolean isUdp(String socketName) {
        return socketName.startsWith("datagram") || socketName.startsWith("multicast");
    }
}
