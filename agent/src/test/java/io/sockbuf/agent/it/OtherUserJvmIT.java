package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.CliRun;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.LiveJvm;
import io.sockbuf.agent.testkit.OtherUser;
import io.sockbuf.agent.testkit.Prerequisites;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM of another user. Root may attach to it, and then the agent (running as that user) answers
 * like in any JVM: the CLI reports what was done, exit 0. Anyone else is refused before anything is
 * sent, with the command to run instead. Needs root (it runs the other user's processes with setpriv).
 */
class OtherUserJvmIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void rootAttachesToAnotherUsersJvmAndReportsWhatWasDone(Jdk jdk) throws Exception {
        assumeRootAnd(jdk);
        try (LiveJvm probe = LiveJvm.startAs(OtherUser.PREFIX, jdk)) {
            CliRun.Finished attach = CliRun.on(jdk).run("attach", probe.pid(), "recv=24k", "send=40k");

            assertEquals(0, attach.result.exitCode, attach.toString());
            assertTrue(attach.result.stdout.startsWith("Attached to JVM " + probe.pid()), attach.toString());
            assertTrue(attach.result.stdout.contains("recv 24576 bytes (agent argument recv=24k)"), attach.toString());
            assertEquals(Buffers.of(24576, 40960), probe.open("after").get("after-client"), probe.stderr());

            CliRun.Finished status = CliRun.on(jdk).run("status", probe.pid());
            assertEquals(0, status.result.exitCode, status.toString());
            assertTrue(status.result.stdout.contains("  recv:        24576 bytes (agent argument recv=24k)\n"), status.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anotherUserIsToldToRunItAsTheOwnerAndNothingIsSent(Jdk jdk) throws Exception {
        assumeRootAnd(jdk);
        try (LiveJvm probe = LiveJvm.start(jdk)) {
            CliRun.Finished status = CliRun.on(jdk).as(OtherUser.PREFIX).run("status", probe.pid());

            assertEquals(1, status.result.exitCode, status.toString());
            assertTrue(status.result.stderr.startsWith("sockbuf: process " + probe.pid() + " belongs to user root;"), status.toString());
            assertTrue(status.result.stderr.contains("sudo -u root java -jar "), status.toString());
            assertTrue(probe.open("after").size() > 0, "the JVM is unharmed: " + probe.stderr());
        }
    }

    private static void assumeRootAnd(Jdk jdk) throws Exception {
        if (!OtherUser.testsRunAsRoot()) {
            Prerequisites.missing("the tests do not run as root: the tests with another user's JVM did NOT run");
        }
        OtherUser.assumeCanRun(jdk);
    }
}
