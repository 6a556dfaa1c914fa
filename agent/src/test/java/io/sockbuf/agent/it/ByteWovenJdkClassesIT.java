package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.JsonLog;
import io.sockbuf.agent.testkit.LogEvent;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK socket classes as the byte patcher (install.ClassFilePatcher) weaves them, in every
 * mode, with the JVM's verifier on for boot classes (it is off by default, so broken bytecode
 * would misbehave instead of failing): every socket kind opens, is sized (or, observed, logged),
 * and nothing is refused. setOption is woven differently per mode (a branch and its own stack map
 * frame at its entry in override, observe and auto), so each mode is a class of its own.
 */
class ByteWovenJdkClassesIT {

    private static final String[] VERIFY_BOOT_CLASSES = {"-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal"};
    private static final String[] MODES = {"apply", "override", "observe", "auto"};
    /** One JVM per mode runs them all: every woven class is linked, so verified, in it. */
    private static final String EVERY_KIND = "socket,ssl,nio,async,udp";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void everySocketKindInEveryModePassesTheVerifierAndIsSized(Jdk jdk) throws Exception {
        for (String mode : MODES) {
            check(jdk, mode, EVERY_KIND);
            if (jdk.feature >= 13 && jdk.feature <= 17) {
                check(jdk, mode, "socket", "-Djdk.net.usePlainSocketImpl=true");
                check(jdk, mode, "udp", "-Djdk.net.usePlainDatagramSocketImpl=true");
            }
        }
    }

    /** The application's own SO_RCVBUF=32768 before connect runs through the woven setOption entry and exit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theApplicationsOwnSetRunsThroughTheWovenSetOptionInEveryMode(Jdk jdk) throws Exception {
        for (String mode : MODES) {
            ForkedJvm.Result run = verifiedRun(jdk, mode, "late-app-set");
            int recv = run.values().get("app-sized-client").recv;
            String context = jdk + " " + mode + "\n" + run;
            if (mode.equals("override")) {
                assertEquals(TestSizes.RECV, recv, context);
            } else if (mode.equals("auto")) {
                assertNotEquals(32768, recv, "auto drops the application's SO_RCVBUF: " + context);
            } else {
                assertEquals(32768, recv, context);
            }
        }
    }

    private static void check(Jdk jdk, String mode, String scenario, String... options) throws Exception {
        ForkedJvm.Result run = verifiedRun(jdk, mode, scenario, options);
        String context = jdk + " " + mode + " " + scenario + " " + Arrays.toString(options);
        Map<String, Buffers> sockets = run.values();
        assertTrue(sockets.size() >= 3, context + ": too few sockets\n" + run);
        if (mode.equals("observe")) {
            List<LogEvent> logged = new ArrayList<>(JsonLog.of(run).lastPerSocket().values());
            assertTrue(logged.size() >= sockets.size(), context + ": observed sockets missing from the log\n" + run);
            for (LogEvent socket : logged) {
                assertEquals("untouched", socket.recv().outcome(), context + " " + socket);
            }
            return;
        }
        for (Map.Entry<String, Buffers> socket : sockets.entrySet()) {
            if (!mode.equals("auto")) { // auto leaves every receive buffer to the kernel
                assertEquals(TestSizes.RECV, socket.getValue().recv, context + " " + socket.getKey() + " SO_RCVBUF\n" + run);
            }
            if (!socket.getKey().endsWith("listener")) {
                assertEquals(TestSizes.SEND, socket.getValue().send, context + " " + socket.getKey() + " SO_SNDBUF\n" + run);
            }
        }
    }

    private static ForkedJvm.Result verifiedRun(Jdk jdk, String mode, String scenario, String... options) throws Exception {
        List<String> jvmOptions = new ArrayList<>(Arrays.asList(VERIFY_BOOT_CLASSES));
        jvmOptions.addAll(Arrays.asList(options));
        ForkedJvm.Result run = ForkedJvm.on(jdk)
                .withAgent(mode.equals("auto") ? new String[] {"-Dsockbuf.send=40k", "-Dsockbuf.mode=auto", "-Dsockbuf.log.format=json"}
                        : TestSizes.agentWith("-Dsockbuf.mode=" + mode, "-Dsockbuf.log.format=json",
                                // observe: a line for each socket, not only the first three of a kind
                                "-Dsockbuf.log=" + (mode.equals("observe") ? "debug" : "info")))
                .withOptions(jvmOptions.toArray(new String[0]))
                .run(scenario);
        String context = jdk + " " + mode + " " + scenario + " " + jvmOptions + "\n" + run;
        assertEquals(0, run.exitCode, context);
        assertFalse(run.stderr.contains("VerifyError") || run.stdout.contains("VerifyError"), context);
        assertEquals("[]", JsonLog.of(run).warnings().toString(), context);
        return run;
    }
}
