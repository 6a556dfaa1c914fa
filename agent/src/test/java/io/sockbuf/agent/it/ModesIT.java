package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.KernelView;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.Ports;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sockbuf.mode through the shaded jar. The probe's "late-app-set" sets SO_RCVBUF/SO_SNDBUF=32768
 * itself before connect; "set-after-connect" sets SO_RCVBUF=24k after connect (a late set).
 */
class ModesIT {

    private static final String CONFIGURED = "-Dsockbuf.recv=24k";
    private static final String JSON = "-Dsockbuf.log.format=json";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void applyLetsTheApplicationsOwnSizeWin(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(CONFIGURED).run("late-app-set");
        assertEquals(32768, run.values().get("app-sized-client").recv, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void overrideReplacesTheApplicationsSizeAndSaysWhere(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(CONFIGURED, "-Dsockbuf.send=40k", "-Dsockbuf.mode=override").run("late-app-set");
        assertEquals(24576, run.values().get("app-sized-client").recv, run.toString());
        assertEquals(40960, run.values().get("app-sized-client").send, run.toString());
        assertTrue(run.stderr.contains("[sockbuf] override: the application's SO_RCVBUF=32768 at io.sockbuf.agent.probe.scenario.ApplicationSizes.beforeConnect(ApplicationSizes.java:"), run.toString());
        assertTrue(run.stderr.contains(") is replaced by 24576"), run.toString());
    }

    /** override: the application's own size is replaced by the size of the rule that matches its socket, not the global one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void overrideReplacesTheApplicationsSizeWithTheMatchingRulesSize(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(CONFIGURED, "-Dsockbuf.send=40k", "-Dsockbuf.mode=override",
                "-Dsockbuf.rules=listener:recv=16k; client:recv=200k:send=200k").run("late-app-set");
        assertEquals(204800, run.values().get("app-sized-client").recv, run.toString());
        assertEquals(204800, run.values().get("app-sized-client").send, run.toString());
        assertTrue(run.stderr.contains(") is replaced by 204800"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void observeChangesNothingAndFlagsASetAfterConnectWithItsCaller(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("socket");
        ForkedJvm.Result observed = ForkedJvm.on(jdk).withAgent(CONFIGURED, "-Dsockbuf.mode=observe", JSON).run("socket");
        assertEquals(without.stdoutWithoutPorts(), observed.stdoutWithoutPorts(), "observe sets nothing: " + observed);
        LogEvent client = JsonLog.of(observed).sockets("tcp client").stream().filter(event -> event.remote() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no connected client event: " + observed));
        assertEquals("untouched", client.recv().outcome(), client.toString());
        assertEquals("kernel default", client.recv().setBy(), client.toString());
        assertEquals(without.values().get("client").recv, client.recv().effective(), client.toString());

        ForkedJvm.Result late = ForkedJvm.on(jdk).withAgent("-Dsockbuf.mode=observe", JSON).run("set-after-connect");
        List<LogEvent> warnings = JsonLog.of(late).warnings();
        assertEquals(1, warnings.size(), late.toString());
        LogEvent set = warnings.get(0);
        assertEquals("application-set", set.event(), set.toString());
        assertEquals("recv", set.text("direction"), set.toString());
        assertEquals(24576, set.number("value"), set.toString());
        assertEquals(true, set.value("afterConnect"), set.toString());
        assertTrue(set.text("callSite").startsWith("io.sockbuf.agent.probe.scenario.ApplicationSizes.afterConnect(ApplicationSizes.java:"),
                set.toString());
        assertEquals(24576, late.values().get("late-client").recv, "observe changes nothing: " + late);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void autoDropsTheApplicationsReceiveBufferSoAutotuningStays(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("client-only");
        int kernelDefault = without.values().get("client").recv;
        try (ForkedJvm.Held held = ForkedJvm.on(jdk).withAgent("-Dsockbuf.mode=auto", "-Dsockbuf.send=40k").hold("late-app-set")) {
            assertEquals(kernelDefault, held.values.get("app-sized-client").recv, "the application's 32768 was dropped");
            Ports ports = held.ports.get("app-sized-client");
            KernelView kernel = KernelView.tcpConnection(ports.local, ports.remote);
            assertTrue(kernel.receiveWindowScale > 0, "an unlocked buffer handshakes with the default window scale: " + kernel);
            ForkedJvm.Result result = held.release();
            assertTrue(result.stderr.contains("auto: the application's SO_RCVBUF=32768 at io.sockbuf.agent.probe.scenario.ApplicationSizes.beforeConnect("), result.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aBadModeIsOneWarningAndApplyIsUsed(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(CONFIGURED, "-Dsockbuf.mode=strict").run("client-only");
        assertEquals(1, run.warnings().size(), run.toString());
        assertTrue(run.warnings().get(0).contains("-Dsockbuf.mode=\"strict\" is not accepted: expected apply, override, observe or auto"), run.toString());
        assertEquals(24576, run.values().get("client").recv, run.toString());
    }

    /**
     * override and auto keep the JDK's contract for the application's own sets (-1 and null still
     * throw IllegalArgumentException, a closed channel still ClosedChannelException, a listener's
     * SO_SNDBUF still UnsupportedOperationException, and the log does not claim it replaced that) and concern
     * TCP only: the application's 1 MiB on a DatagramSocket, a DatagramChannel and Unix-domain
     * channels stays. The probe's output is the same as without the agent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void overrideAndAutoKeepTheJdksContractAndLeaveUdpAndUnixDomainAlone(Jdk jdk) throws Exception {
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("application-contract");
        assertTrue(without.stdout.contains("contract channel-rcvbuf-minus-1 java.lang.IllegalArgumentException")
                && without.stdout.contains("contract closed-channel-rcvbuf java.nio.channels.ClosedChannelException")
                && without.stdout.contains("contract listener-sndbuf java.lang.UnsupportedOperationException")
                && without.stdout.contains("app-datagram-socket recv=1048576"), "the JDK's own behaviour: " + without);
        for (String mode : new String[] {"override", "auto"}) {
            ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(CONFIGURED, "-Dsockbuf.send=40k", "-Dsockbuf.mode=" + mode).run("application-contract");
            assertEquals(0, run.exitCode, run.toString());
            assertEquals(without.stdoutWithoutPorts(), run.stdoutWithoutPorts(), mode + ": " + run);
            // the refused listener sets were neither replaced nor dropped, and the log does not say they were
            assertFalse(run.stderr.contains("SO_SNDBUF=12345"), mode + ": " + run);
        }
    }

    /**
     * The setOption hooks of the modes that watch the application pass the bytecode verifier (the
     * JVM does not verify boot classes by default; these options make it), also with JDK 13-17's
     * PlainSocketImpl.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theSetOptionHooksPassTheBytecodeVerifier(Jdk jdk) throws Exception {
        String[] verify = {"-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal"};
        String[][] variants = jdk.feature >= 13 && jdk.feature <= 17
                ? new String[][] {verify, {verify[0], verify[1], "-Djdk.net.usePlainSocketImpl=true"}} : new String[][] {verify};
        for (String mode : new String[] {"override", "apply"}) { // entry and after-set calls; apply: only the after-set ones
            for (String[] options : variants) {
                ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(CONFIGURED, "-Dsockbuf.mode=" + mode).withOptions(options)
                        .run("application-contract");
                assertEquals(0, run.exitCode, run.toString());
                assertTrue(!run.stderr.contains("VerifyError") && !run.stdout.contains("VerifyError"), run.toString());
            }
        }
    }
}
