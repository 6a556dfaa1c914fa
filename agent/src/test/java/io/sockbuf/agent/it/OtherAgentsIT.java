package io.sockbuf.agent.it;

import io.sockbuf.agent.probe.RetransformingAgent;
import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.OtherAgentJar;
import io.sockbuf.agent.testkit.Ports;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.sockbuf.agent.testkit.TestSizes.AGENT;
import static io.sockbuf.agent.testkit.TestSizes.RECV;
import static io.sockbuf.agent.testkit.TestSizes.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sockbuf next to other bytecode tools in the same JVM: the OpenTelemetry Java agent (which
 * instruments the JDK's HttpClient and HTTP server with its own, shaded Byte Buddy) in either order
 * on the command line, and an application that uses its own, unshaded Byte Buddy.
 */
@Execution(value = ExecutionMode.CONCURRENT, reason = "the longest class (OpenTelemetry's agent starts slowly): its"
        + " independent JVMs run on every test thread instead of keeping one busy after all other classes are done")
class OtherAgentsIT {

    /** Copied to target/ by maven-dependency-plugin (pre-integration-test); the version is in agent/pom.xml. */
    static final File OTEL_AGENT = new File(System.getProperty("sockbuf.otel.agent.jar", "target/other-agents/opentelemetry-javaagent.jar"));
    /**
     * No network: no metrics or logs exported, and spans go to the logging exporter (stderr), so
     * the test sees that OpenTelemetry really instrumented the probe's HTTP call.
     */
    static final String[] OTEL_OPTIONS = {"-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"};
    static final String OTEL_STARTED = "opentelemetry-javaagent - version: ";
    static final String SOCKBUF_STARTED = "[sockbuf] sockbuf ";

    /** Every JDK of the matrix (OpenTelemetry's agent 2.x runs on Java 8+), each with both orders. */
    static Stream<Arguments> jdksAndOrders() {
        List<Arguments> cases = new ArrayList<>();
        Jdks.matrix().forEach(jdk -> {
            cases.add(Arguments.of(jdk, "OpenTelemetry first"));
            cases.add(Arguments.of(jdk, "sockbuf first"));
        });
        return cases.stream();
    }

    /**
     * The probe's HttpClient calls its HttpServer over loopback with both agents: OpenTelemetry
     * records the client and the server span, sockbuf sizes the listener and both ends of the
     * connection (checked with ss while it is open), and its exit summary counts exactly those
     * three sockets, so OpenTelemetry opened none of its own.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndOrders")
    void withTheOpenTelemetryAgentInEitherOrderBothWorkAndSocketsAreSized(Jdk jdk, String order) throws Exception {
        assertTrue(OTEL_AGENT.isFile(), "no OpenTelemetry agent at " + OTEL_AGENT + ": run through Maven (mvn verify), whose"
                + " pre-integration-test phase copies it there");
        String otelAgent = "-javaagent:" + OTEL_AGENT.getAbsolutePath();
        ForkedJvm jvm = ForkedJvm.on(jdk);
        if (order.startsWith("OpenTelemetry")) {
            jvm.withOptions(otelAgent).withOptions(OTEL_OPTIONS)
                    .withOptions("-javaagent:" + JavaCommand.AGENT_JAR.getAbsolutePath()).withOptions(AGENT);
        } else {
            jvm.withAgent(AGENT).withOptions(otelAgent).withOptions(OTEL_OPTIONS);
        }
        ForkedJvm.Result result;
        try (ForkedJvm.Held held = jvm.hold("httpclient")) {
            assertTrue(held.stdout.contains("http-status 200 ok\n"), held.stdout);
            int port = held.ports.get("http-server").local;
            KernelView listener = KernelView.tcpListener(port);
            assertEquals(2L * RECV, listener.receiveBytes, "listener: " + listener);
            List<KernelView> ends = KernelView.tcpConnectionsOf(port);
            assertEquals(2, ends.size(), "the HttpClient's kept-alive connection, both ends: " + ends);
            for (KernelView end : ends) {
                assertEquals(2L * RECV, end.receiveBytes, "rb: " + end);
                assertEquals(2L * SEND, end.sendBytes, "tb: " + end);
            }
            result = held.release();
        }
        String context = jdk + ", " + order + "\n" + result;
        assertEquals(0, result.exitCode, context);

        int otel = result.stderr.indexOf(OTEL_STARTED);
        int sockbuf = result.stderr.indexOf(SOCKBUF_STARTED);
        assertTrue(otel >= 0 && sockbuf >= 0, "both agents started: " + context);
        assertEquals(order.startsWith("OpenTelemetry"), otel < sockbuf, "they started in the order given: " + context);
        assertTrue(result.stderr.matches("(?s).*LoggingSpanExporter - 'GET /' : \\w+ \\w+ SERVER .*"), "OpenTelemetry's server span: " + context);
        assertTrue(result.stderr.matches("(?s).*LoggingSpanExporter - 'GET' : \\w+ \\w+ CLIENT .*"), "OpenTelemetry's client span: " + context);

        assertNoWarning(result);
        assertEquals(ExitSummary.asRequested("tcp client", 1, "tcp listener", 1, "tcp accepted", 1), ExitSummary.in(result).counts(), context);
    }

    /**
     * The application brings its own Byte Buddy (unshaded net.bytebuddy from its class path), which
     * generates a subclass of java.net.Socket at run time and connects with it. The agent's copy is
     * relocated (io.sockbuf.agent.shaded.net.bytebuddy), so the application's Byte Buddy comes from
     * its own jar, works, and the generated socket is sized like any other.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anApplicationWithItsOwnByteBuddyGeneratesASocketClassAndThatSocketIsSized(Jdk jdk) throws Exception {
        String byteBuddyJar = Paths.get(net.bytebuddy.ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String classpath = JavaCommand.PROBE_CLASSES + File.pathSeparator + byteBuddyJar;
        ForkedJvm.Result result;
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(AGENT).running("io.sockbuf.agent.probe.SocketProbe", classpath)
                .hold("bundled-byte-buddy")) {
            assertTrue(held.stdout.contains("generated io.sockbuf.agent.probe.generated.GeneratedSocket extends java.net.Socket"
                    + " says made-by-the-application's-byte-buddy\n"), held.stdout);
            String jar = new File(byteBuddyJar).toURI().toString();
            assertTrue(held.stdout.contains("byte-buddy net.bytebuddy.ByteBuddy from " + jar + " asm " + jar + "\n"),
                    "the application's Byte Buddy and ASM come from its own jar: " + held.stdout);

            Map<String, Buffers> values = held.values;
            assertEquals(Buffers.of(RECV, -1), values.get("listener"), held.stdout);
            assertEquals(Buffers.of(RECV, SEND), values.get("generated-client"), held.stdout);
            assertEquals(Buffers.of(RECV, SEND), values.get("accepted"), held.stdout);
            Ports ports = held.ports.get("generated-client");
            KernelView kernel = KernelView.tcpConnection(ports.local, ports.remote);
            assertEquals(2L * RECV, kernel.receiveBytes, "generated socket rb: " + kernel);
            assertEquals(2L * SEND, kernel.sendBytes, "generated socket tb: " + kernel);
            result = held.release();
        }
        assertEquals(0, result.exitCode, result.toString());
        assertNoWarning(result);
        assertEquals("", result.stderr.replaceAll("\\[sockbuf\\][^\n]*\n", ""), "stderr beyond the agent's own lines");
        assertEquals(ExitSummary.asRequested("tcp client", 1, "tcp listener", 1, "tcp accepted", 1), ExitSummary.in(result).counts(),
                result.toString());
    }

    /**
     * A second agent retransforms every loaded socket class after sockbuf's premain (sockbuf weaves
     * them there and keeps no transformer registered): the JVM rebuilds each class from what
     * sockbuf's transformer made of it, so the sockets opened afterwards are still sized.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLaterAgentRetransformingTheSocketClassesLeavesTheirSocketsSized(Jdk jdk) throws Exception {
        String laterAgent = "-javaagent:" + OtherAgentJar.of(new File("target/other-agents/retransforming-agent.jar"),
                RetransformingAgent.class, "Can-Retransform-Classes").getAbsolutePath();
        for (String scenario : new String[] {"socket", "nio"}) {
            ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(AGENT).withOptions(laterAgent).run(scenario);
            String context = jdk + " " + scenario + "\n" + result;
            assertEquals(0, result.exitCode, context);
            Matcher retransformed = Pattern.compile("retransforming-agent: retransformed (\\d+) ")
                    .matcher(result.stderr);
            assertTrue(retransformed.find() && Integer.parseInt(retransformed.group(1)) >= 3, "the later agent retransformed the socket classes: " + context);
            assertTrue(result.values().size() >= 3, context);
            for (Map.Entry<String, Buffers> socket : result.values().entrySet()) {
                assertEquals(RECV, socket.getValue().recv, socket.getKey() + " SO_RCVBUF: " + context);
                if (!socket.getKey().contains("listener")) {
                    assertEquals(SEND, socket.getValue().send, socket.getKey() + " SO_SNDBUF: " + context);
                }
            }
            assertNoWarning(result);
        }
    }

    /**
     * A socket class woven at load carries the hooks in the bytes every later retransformation
     * starts from. Once sockbuf keeps a retransformation-capable transformer (here: a socket class
     * was named before its first socket), that transformer must leave such a class alone: woven a
     * second time, each of its sockets would be sized, logged and counted twice.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLaterRetransformationAfterSockbufKeptItsTransformerCountsEverySocketOnce(Jdk jdk) throws Exception {
        String laterAgent = "-javaagent:" + OtherAgentJar.of(new File("target/other-agents/retransforming-agent.jar"),
                RetransformingAgent.class, "Can-Retransform-Classes").getAbsolutePath() + "=scan-first";
        ForkedJvm.Result alone = ForkedJvm.on(jdk).withAgent(AGENT).run("nio");
        ForkedJvm.Result withIt = ForkedJvm.on(jdk).withAgent(AGENT).withOptions(laterAgent).run("nio");
        assertEquals(0, alone.exitCode, alone.toString());
        assertEquals(0, withIt.exitCode, withIt.toString());
        ExitSummary without = ExitSummary.in(alone);
        ExitSummary with = ExitSummary.in(withIt);
        String context = jdk + "\nalone:\n" + alone + "\nwith the later agent:\n" + withIt;
        assertEquals(without.total("tcp client"), with.total("tcp client"), "tcp client sockets counted: " + context);
        assertEquals(without.total("tcp accepted"), with.total("tcp accepted"), "tcp accepted sockets counted: " + context);
        assertEquals(without.total("tcp listener") + 2, with.total("tcp listener"), "tcp listeners counted (the later agent's own two more): " + context);
    }

    private static void assertNoWarning(ForkedJvm.Result result) {
        for (String line : result.sockbufLines()) {
            assertFalse(line.startsWith("[sockbuf] WARNING"), "agent warned: " + line + "\n" + result);
        }
    }
}
