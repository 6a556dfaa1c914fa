package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.Ports;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unexpected error inside the agent on the socket path never reaches the application. */
class FaultsIT {

    /**
     * A class named {@code *.channel.epoll.EpollSocketChannel} that is not Netty is woven (the agent
     * finds Netty by name ending) and makes the Netty path fail; only that path stops: the JDK
     * client, listener, accepted socket and NIO client made afterwards are sized, as getsockopt and
     * the kernel (ss) show. Before, the error switched off TCP client sizing for the whole JVM.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anErrorInOneEntryPointLeavesTheOthersOn(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).hold("fake-netty-then-socket")) {
            assertTrue(held.stdout.contains("fake not Netty: first"), held.stdout);
            for (String role : new String[] {"client", "accepted", "nio-client"}) {
                assertEquals(Buffers.of(24576, 40960), held.values.get(role), role + ": " + held.stdout);
                Ports ports = held.ports.get(role);
                KernelView kernel = KernelView.tcpConnection(ports.local, ports.remote);
                assertEquals(2L * 24576, kernel.receiveBytes, role + ": " + kernel);
                assertEquals(2L * 40960, kernel.sendBytes, role + ": " + kernel);
            }
            assertEquals(24576, held.values.get("listener").recv, held.stdout);
            ForkedJvm.Result run = held.release();
            assertEquals(0, run.exitCode, run.toString());
            String warning = onlyWarning(run);
            assertTrue(warning.contains("internal error in sizing of Netty epoll channels (the socket is unaffected)")
                    && warning.contains("; sizing of Netty epoll channels is switched off for the rest of this JVM,"
                    + " everything else goes on"), warning);
            assertEquals(2, ExitSummary.in(run).count("tcp client", "as requested"), "both JDK clients counted and sized: " + run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anErrorInsideTheAgentIsLoggedOnceTheSocketWorksAndThatHookIsSwitchedOff(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("ten-connections");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.test.failOn=tcp client").run("ten-connections");

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(without.stdout.split("\n").length, run.stdout.split("\n").length, "all ten connections worked: " + run);
        String warning = onlyWarning(run);
        assertTrue(warning.contains("internal error while sizing a tcp client socket (the socket is unaffected)")
                && warning.contains("sizing at creation (java.net) for tcp client sockets is switched off for the rest of this JVM"), warning);
        ExitSummary summary = ExitSummary.in(run);
        assertEquals(10, summary.count("tcp accepted", "as requested"), "other kinds go on: " + summary);
        assertEquals(0, summary.total("tcp client"), "no client was counted after the error: " + summary);
    }

    /**
     * Weaving a kind's classes at its first socket, in a thread near its stack limit, can run out of
     * stack: the JVM then loads that class as it is. It is woven again from a thread of the agent's
     * (retransformed, so a transformer stays registered) before the application goes on, and the
     * kind's sockets are sized.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aStackOverflowWhileInstrumentingAtAKindsFirstSocketIsInstrumentedAgain(Jdk jdk, @TempDir Path directory) throws Exception {
        Path classLog = directory.resolve("classes.log");
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions("-Dsockbuf.test.failOn=weaving sun.nio.ch.ServerSocketChannelImpl", "-Xlog:class+load=info:file=" + classLog)
                .run("nio");

        assertEquals(0, run.exitCode, run.toString());
        String warning = onlyWarning(run);
        assertTrue(warning.contains("could not instrument [class sun.nio.ch.ServerSocketChannelImpl] in the thread of the first socket"
                + " of their kind"), warning);
        assertEquals(TestSizes.RECV, run.values().get("nio-listener").recv, run.toString());
        assertEquals(Buffers.of(TestSizes.RECV, TestSizes.SEND), run.values().get("nio-accepted"), run.toString());
        assertTrue(Files.readString(classLog).contains("sun.nio.ch.ServerSocketChannelImpl source: __VM_RedefineClasses__"), run.toString());
    }

    /**
     * A stack overflow (or out of memory) in the application's thread says nothing about the agent's
     * code: that one socket may go without, and sizing stays on for the rest (a thread near its stack
     * limit once made every later listener of the JVM go unsized).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aStackOverflowInsideTheAgentCostsThatOneSocketAndSizingGoesOn(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions("-Dsockbuf.test.failOn=tcp client:stack overflow")
                .run("ten-connections");

        assertEquals(0, run.exitCode, run.toString());
        String warning = onlyWarning(run);
        assertTrue(warning.contains("ran out of stack while sizing a tcp client socket")
                && warning.contains("sizing goes on for the other sockets"), warning);
        ExitSummary summary = ExitSummary.in(run);
        assertEquals(9, summary.count("tcp client", "as requested"), "the clients after the first are sized and counted: " + summary);
        assertEquals(10, summary.count("tcp accepted", "as requested"), summary.toString());
    }

    /**
     * A listener whose sizing ran out of stack keeps the kernel's receive size, and so does every
     * socket it accepts: those are counted as holding their listener's size, not as requested (they
     * were, as their send size is set at accept), and read back rather than predicted.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void socketsAcceptedByAListenerWhoseSizingRanOutAreCountedByWhatTheyHold(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("ten-connections");
        ForkedJvm.Result run = withTheFirstListenerUnsized(jdk, "ten-connections");

        assertTrue(onlyWarning(run).contains("ran out of stack while sizing a tcp listener socket"), run.toString());
        assertEachHolds(run, "accepted-", 10, Buffers.of(without.values().get("accepted-0").recv, TestSizes.SEND));
        ExitSummary summary = ExitSummary.in(run);
        assertEquals(10, summary.count("tcp accepted", "listener's size"), summary.toString());
        assertEquals(10, summary.count("tcp client", "as requested"), summary.toString());
    }

    /**
     * The application's own receive size on those accepted sockets moves each from "listener's
     * size" to "application", and no other socket's count is touched.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anApplicationsSizeOnSocketsAcceptedByAListenerWhoseSizingRanOutCountsAsTheApplications(Jdk jdk) throws Exception {
        ForkedJvm.Result run = withTheFirstListenerUnsized(jdk, "ten-connections", "-Dprobe.acceptedRecv=32768");

        assertEachHolds(run, "accepted-", 10, Buffers.of(32768, TestSizes.SEND));
        ExitSummary summary = ExitSummary.in(run);
        assertEquals(Map.of("application", 10), summary.counts().get("tcp accepted"), summary.toString());
        assertEquals(Map.of("as requested", 10), summary.counts().get("tcp client"), summary.toString());
    }

    /**
     * Two listeners on one port, the first made while its sizing ran out: the application's sets on
     * the first one's accepted sockets move those, and the second one's socket stays as requested
     * (a record per port once took the last accepted socket's state for every socket of the port).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void setsOnSocketsOfOneOfTwoListenersOnAPortMoveOnlyThose(Jdk jdk) throws Exception {
        ForkedJvm.Result run = withTheFirstListenerUnsized(jdk, "one-port-two-addresses", "-Dprobe.acceptedRecv=32768");

        assertEachHolds(run, "first-", 5, Buffers.of(32768, TestSizes.SEND));
        assertEquals(Buffers.of(TestSizes.RECV, TestSizes.SEND), run.values().get("second"), run.toString());
        assertEquals(Map.of("application", 5, "as requested", 1), ExitSummary.in(run).counts().get("tcp accepted"), run.toString());
    }

    /** In override mode the agent's size replaces that set, and those sockets hold it and are counted as requested. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void inOverrideModeTheAgentsSizeOnThoseSocketsCountsAsRequested(Jdk jdk) throws Exception {
        ForkedJvm.Result run = withTheFirstListenerUnsized(jdk, "ten-connections", "-Dsockbuf.mode=override", "-Dprobe.acceptedRecv=32768");

        assertEachHolds(run, "accepted-", 10, Buffers.of(TestSizes.RECV, TestSizes.SEND));
        assertEquals(Map.of("as requested", 10), ExitSummary.in(run).counts().get("tcp accepted"), run.toString());
    }

    /** A run whose first listener's sizing runs out of stack (test-only failOn), which ends normally. */
    private static ForkedJvm.Result withTheFirstListenerUnsized(Jdk jdk, String scenario, String... options) throws Exception {
        List<String> all = new ArrayList<>(List.of("-Dsockbuf.test.failOn=tcp listener:stack overflow"));
        all.addAll(List.of(options));
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).withOptions(all.toArray(new String[0])).run(scenario);
        assertEquals(0, run.exitCode, run.toString());
        return run;
    }

    /** Sockets {@code name0} .. {@code name(count-1)} hold {@code expected}, as getsockopt read them. */
    private static void assertEachHolds(ForkedJvm.Result run, String name, int count, Buffers expected) {
        for (int i = 0; i < count; i++) {
            assertEquals(expected, run.values().get(name + i), name + i + ": " + run);
        }
    }

    /** The run's one warning (a second would be a second problem, or the same one said twice). */
    private static String onlyWarning(ForkedJvm.Result run) {
        List<String> warnings = run.warnings();
        assertEquals(1, warnings.size(), run.toString());
        return warnings.get(0);
    }
}
