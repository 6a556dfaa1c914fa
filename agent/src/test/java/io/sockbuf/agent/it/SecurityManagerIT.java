package io.sockbuf.agent.it;

import io.sockbuf.agent.probe.CountedCycles;
import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under a security manager whose policy grants the application only what it needs (loopback
 * sockets, reading properties), the agent still sizes every socket and nothing it does reaches
 * the application as a SecurityException. Its own classes are boot classes (all permissions); the
 * application's frames on the stack limit only what the application could do anyway.
 * JDK 11 and 17 only: JDK 24+ cannot enable a security manager any more.
 */
class SecurityManagerIT {

    static Stream<Jdk> jdksWithASecurityManager() {
        return Jdks.matrix().filter(jdk -> jdk.feature <= 17);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdksWithASecurityManager")
    void aRestrictiveSecurityManagerNeitherStopsTheAgentNorSeesAnExceptionFromIt(Jdk jdk, @TempDir Path directory) throws Exception {
        Path policy = loopbackPolicy(directory.resolve("app.policy"), "  permission java.util.PropertyPermission \"*\", \"read\";\n");
        String[] securityManager = {"-Djava.security.manager", "-Djava.security.policy==" + policy};

        Path empty = Files.write(directory.resolve("empty.policy"), new byte[0]);
        ForkedJvm.Result denied = ForkedJvm.on(jdk).withOptions("-Djava.security.manager", "-Djava.security.policy==" + empty).run("socket");
        assertTrue(denied.exitCode != 0 && denied.stderr.contains("AccessControlException"), "the security manager is on: " + denied);

        ForkedJvm.Result without = ForkedJvm.on(jdk).withOptions(securityManager).run("socket");
        assertEquals(0, without.exitCode, "the policy is enough for the program itself: " + without);
        ForkedJvm.Result with = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions(securityManager).run("socket");

        assertEquals(0, with.exitCode, with.toString());
        assertTrue(!with.stdout.contains("Exception") && !with.stderr.contains("Exception"), with.toString());
        for (Map.Entry<String, Buffers> socket : with.values().entrySet()) {
            assertEquals(TestSizes.RECV, socket.getValue().recv, socket.getKey() + ": " + with);
        }
        assertEquals(0, with.warnings().size(), with.toString());
    }

    /**
     * Past the first 1,024 channels (given both sizes) the agent would set sizes below setOption; under a security
     * manager that denies the application even reading properties, looking that up is refused in
     * the application's thread, and every channel is sized through setOption instead, none failed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdksWithASecurityManager")
    void channelsPastTheLookupAreStillSizedWhenTheSecurityManagerRefusesIt(Jdk jdk, @TempDir Path directory) throws Exception {
        Path policy = loopbackPolicy(directory.resolve("sockets-only.policy"), "");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k")
                .withOptions("-Djava.security.manager", "-Djava.security.policy==" + policy)
                .running(CountedCycles.class.getName(), ForkedJvm.probeClasses()).run("cycles");

        assertEquals(0, run.exitCode, run.toString());
        int n = CountedCycles.CYCLES;
        int clients = CountedCycles.CLIENTS;
        assertTrue(run.stderr.contains("udp " + n + " (" + n + " as requested)"), run.toString());
        assertTrue(run.stderr.contains("tcp client " + clients + " (" + clients + " as requested)"), run.toString());
        assertEquals(24576, run.values().get("last-socket-client").recv, run.toString());
        assertEquals(24576, run.values().get("last-udp").recv, run.toString());
        assertEquals(40960, run.values().get("last-udp").send, run.toString());
        assertTrue(!run.stdout.contains("Exception") && !run.stderr.contains("Exception"), run.toString());
    }

    /**
     * The agent defines its listener class while the application's frames are on the stack, under
     * a policy that lets the application read no property: the NIO listener still gets the
     * accepted sockets' send size, and its accepted socket holds it from the listener.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdksWithASecurityManager")
    void aChannelListenerGetsItsSendSizeUnderASecurityManagerThatRefusesTheApplicationEveryProperty(Jdk jdk, @TempDir Path directory)
            throws Exception {
        Path policy = loopbackPolicy(directory.resolve("sockets-only.policy"), "");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent("-Dsockbuf.recv=24k", "-Dsockbuf.send=40k", "-Dsockbuf.log.format=json")
                .withOptions("-Djava.security.manager", "-Djava.security.policy==" + policy).run("nio");

        assertEquals(0, run.exitCode, run.toString());
        int accepted = 0;
        for (LogEvent event : JsonLog.of(run).lastPerSocket().values()) {
            if ("accepted".equals(event.role())) {
                accepted++;
                assertEquals("listener", event.send().setBy(), event.toString());
                assertEquals(40960, event.send().effective(), event.toString());
            }
        }
        assertTrue(accepted > 0, run.toString());
    }

    /** A policy granting the probe classes loopback sockets, and whatever {@code more} adds (policy-file lines). */
    private static Path loopbackPolicy(Path file, String more) throws Exception {
        String classes = new File(JavaCommand.PROBE_CLASSES).getAbsolutePath();
        return Files.write(file, ("grant codeBase \"file:" + classes + "/-\" {\n"
                + "  permission java.net.SocketPermission \"localhost:0-\", \"listen,accept,connect,resolve\";\n"
                + "  permission java.net.SocketPermission \"127.0.0.1:0-\", \"accept,connect,resolve\";\n"
                + more
                + "};\n").getBytes(StandardCharsets.UTF_8));
    }
}
