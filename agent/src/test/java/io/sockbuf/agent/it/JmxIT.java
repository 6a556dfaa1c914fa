package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.LiveJvm;
import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MBean sockbuf:type=Agent, read and written by a JMX client in the test JVM that attaches to
 * the probe and starts its local management agent (the probe is another JVM: no self-attach).
 * The connector's own RMI sockets in the probe are sized and counted too, so counts are lower bounds.
 */
class JmxIT {

    static final String NAME = "sockbuf:type=Agent";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theMBeanShowsSettingsCountsAndTakesANewReceiveBufferForNewSockets(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k", "-Dsockbuf.send=40k", "-Dsockbuf.jmx=true")) {
            Map<String, Buffers> before = probe.open("before");
            try (JMXConnector connector = connect(probe)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = awaitRegistered(server);

                assertEquals("24k", server.getAttribute(name, "ReceiveBuffer"));
                assertEquals("40k", server.getAttribute(name, "SendBuffer"));
                assertEquals(24576, server.getAttribute(name, "ReceiveBufferBytes"));
                assertEquals("-Dsockbuf.recv=24k", server.getAttribute(name, "ReceiveBufferSource"));
                assertEquals("-Dsockbuf.send=40k", server.getAttribute(name, "SendBufferSource"));
                assertEquals("apply", server.getAttribute(name, "Mode"));
                assertEquals("default", server.getAttribute(name, "ModeSource"));
                assertEquals("info", server.getAttribute(name, "LogLevel"));
                assertEquals("default", server.getAttribute(name, "LogLevelSource"));
                assertEquals("none", server.getAttribute(name, "Rules"));
                assertEquals(true, server.getAttribute(name, "HooksInstalled"));
                assertEquals("none", server.getAttribute(name, "LastError"));
                Map<String, Long> sockets = table(server.getAttribute(name, "SocketCounts"));
                assertTrue(sockets.get("tcp client") >= 2, sockets.toString());
                assertTrue(sockets.get("tcp listener") >= 1, sockets.toString());
                Map<String, Long> outcomes = table(server.getAttribute(name, "OutcomeCounts"));
                assertTrue(outcomes.get("tcp client: as requested") >= 2, outcomes.toString());
                assertEquals(0L, outcomes.get("tcp client: failed"), outcomes.toString());
                assertEquals(32, outcomes.size(), "every kind x outcome (4 x 8, with application and listener's size): " + outcomes.keySet());
                assertTrue(((String) server.getAttribute(name, "Status")).contains("  recv:        24576 bytes (-Dsockbuf.recv=24k)"));

                server.setAttribute(name, new Attribute("ReceiveBuffer", "48k"));

                assertEquals("48k", server.getAttribute(name, "ReceiveBuffer"));
                assertEquals(49152, server.getAttribute(name, "ReceiveBufferBytes"));
                assertEquals("JMX ReceiveBuffer=48k", server.getAttribute(name, "ReceiveBufferSource"));
                assertEquals(1, server.getAttribute(name, "SettingsUpdates"));
                Map<String, Buffers> after = probe.open("after");
                assertEquals(Buffers.of(49152, 40960), after.get("after-client"), probe.stderr());
                assertEquals(Buffers.of(49152, 40960), after.get("after-nio-client"), probe.stderr());
                assertEquals(49152, after.get("after-listener").recv, probe.stderr());
                assertEquals(before.get("before-client"), probe.report("before").get("before-client"), "open sockets keep their size");
                String written = "[sockbuf] JMX write ReceiveBuffer=48k; " + AttachIT.HOOKS_ONCE
                        + " recv 49152 bytes (JMX ReceiveBuffer=48k), send 40960 bytes (-Dsockbuf.send=40k)";
                assertTrue(probe.stderrWhen(text -> text.contains(written)).contains(written), probe.stderr());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aSizeThatIsNotAcceptedIsRejectedAndChangesNothing(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k", "-Dsockbuf.jmx=true")) {
            try (JMXConnector connector = connect(probe)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = awaitRegistered(server);

                Exception rejected = assertThrows(Exception.class, () -> server.setAttribute(name, new Attribute("SendBuffer", "12x")));

                String expected = "JMX SendBuffer=\"12x\" is not accepted: it is not a number. Expected a whole number of bytes from 1"
                        + " to 2147483647, optionally followed by k, m or g (1024-based), e.g. 8192, 64k, 4m, or unset to leave new sockets"
                        + " alone. The sizes stay as they were.";
                assertTrue(causes(rejected).contains("java.lang.IllegalArgumentException: " + expected), causes(rejected));
                assertEquals("unset", server.getAttribute(name, "SendBuffer"));
                assertEquals(expected, server.getAttribute(name, "LastError"));
                assertTrue(probe.stderr().contains("[sockbuf] WARNING: " + expected), probe.stderr());
                assertThrows(Exception.class, () -> server.setAttribute(name, new Attribute("ReceiveBuffer", "0")));
                assertEquals("24k", server.getAttribute(name, "ReceiveBuffer"));
            }
            assertEquals(24576, probe.open("a").get("a-client").recv, probe.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void attachWithJmxTrueRegistersTheMBean(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            ForkedJvm.Result attach = LiveJvm.cli(jdk, "attach", probe.pid(), "recv=24k", "jmx=true");
            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.contains("jmx: MBean sockbuf:type=Agent registered\n"), attach.toString());
            try (JMXConnector connector = connect(probe)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName(NAME);
                assertTrue(server.isRegistered(name));
                assertEquals("agent argument recv=24k", server.getAttribute(name, "ReceiveBufferSource"));
                server.setAttribute(name, new Attribute("SendBuffer", "40k"));
                assertEquals(Buffers.of(24576, 40960), probe.open("a").get("a-client"), probe.stderr());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withJmxOffThereIsNoMBeanAndNoManagementClassIsLoaded(Jdk jdk, @TempDir Path directory) throws Exception {
        Path classLog = directory.resolve("classes.log");
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k", "-Xlog:class+load=info:file=" + classLog)) {
            probe.open("a");
            String loaded = new String(Files.readAllBytes(classLog), StandardCharsets.UTF_8);
            assertTrue(loaded.contains("io.sockbuf.agent.Agent "), "the log covers the agent's classes");
            assertFalse(loaded.contains("javax.management."), "javax.management loaded with jmx off");
            assertFalse(loaded.contains("java.lang.management."), "java.lang.management loaded with jmx off");
            assertFalse(loaded.contains("io.sockbuf.agent.control.jmx."), "the agent's jmx package loaded with jmx off");
            assertFalse(loaded.contains("io.sockbuf.cli.")
                    || loaded.contains("com.sun.tools.attach"), "the CLI's classes loaded in the agent");
            try (JMXConnector connector = connect(probe)) {
                assertFalse(connector.getMBeanServerConnection().isRegistered(new ObjectName(NAME)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withJmxOnTheMBeanIsRegisteredWithoutSizesAndSizesSetThroughItInstallTheHooks(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.jmx=true")) {
            Map<String, Buffers> before = probe.open("before");
            try (JMXConnector connector = connect(probe)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = awaitRegistered(server);
                assertEquals("unset", server.getAttribute(name, "ReceiveBuffer"));
                assertEquals(false, server.getAttribute(name, "HooksInstalled"));

                server.setAttribute(name, new Attribute("ReceiveBuffer", "24k"));

                assertEquals(true, server.getAttribute(name, "HooksInstalled"));
                Map<String, Buffers> after = probe.open("after");
                assertEquals(24576, after.get("after-client").recv, probe.stderr());
                assertEquals(before.get("before-client").send, after.get("after-client").send, "send left alone");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void sizesReadBackAsWrittenAndUnsetLeavesNewSocketsAloneAgain() throws Exception {
        Jdk jdk = Jdks.current();
        try (LiveJvm probe = LiveJvm.start(jdk, LiveJvm.agent(), "-Dsockbuf.recv=24k", "-Dsockbuf.jmx=true")) {
            try (JMXConnector connector = connect(probe)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = awaitRegistered(server);
                assertEquals("unset", server.getAttribute(name, "SendBuffer"));
                assertEquals("default", server.getAttribute(name, "SendBufferSource"), "as the README says, not none");

                server.setAttribute(name, new Attribute("SendBuffer", "16k"));
                assertEquals("16k", server.getAttribute(name, "SendBuffer"));
                assertEquals(16384, server.getAttribute(name, "SendBufferBytes"));
                server.setAttribute(name, new Attribute("SendBuffer", "20000"));
                assertEquals("20000", server.getAttribute(name, "SendBuffer"));
                assertEquals(24576, probe.open("a").get("a-client").recv, probe.stderr());

                server.setAttribute(name, new Attribute("ReceiveBuffer", "unset"));

                assertEquals("unset", server.getAttribute(name, "ReceiveBuffer"));
                assertEquals(0, server.getAttribute(name, "ReceiveBufferBytes"));
                assertEquals("JMX ReceiveBuffer=unset", server.getAttribute(name, "ReceiveBufferSource"));
                assertTrue(((String) server.getAttribute(name, "Status")).contains("  recv:        unset (left alone, JMX ReceiveBuffer=unset)\n"),
                        (String) server.getAttribute(name, "Status"));
                Map<String, Buffers> after = probe.open("b");
                assertTrue(after.get("b-client").recv != 24576, "recv left alone again: " + probe.stderr());
                assertEquals(20000, after.get("b-client").send, probe.stderr());
                assertTrue(probe.stderr().contains("settings updated: recv left alone (JMX ReceiveBuffer=unset), send 20000 bytes"), probe.stderr());
            }
        }
    }

    /** Attaches from the test JVM to the probe and starts its local JMX connector (no port, no agent load). */
    static JMXConnector connect(LiveJvm probe) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(probe.pid()));
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        } finally {
            vm.detach();
        }
    }

    /**
     * With -javaagent the MBean is registered on a background thread, a moment after the start
     * (a few milliseconds; a busy machine may take seconds): waits up to a generous cap.
     */
    static ObjectName awaitRegistered(MBeanServerConnection server) throws Exception {
        ObjectName name = new ObjectName(NAME);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!server.isRegistered(name) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(server.isRegistered(name), NAME + " registered within 60 s");
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> table(Object attribute) {
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        for (Object row : ((TabularData) attribute).values()) {
            CompositeData data = (CompositeData) row;
            values.put((String) data.get("key"), (Long) data.get("value"));
        }
        return values;
    }

    private static String causes(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }
}
