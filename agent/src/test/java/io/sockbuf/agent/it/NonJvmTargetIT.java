package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.Bystander;
import io.sockbuf.agent.testkit.CliRun;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.LiveJvm;
import io.sockbuf.agent.testkit.OtherUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status} and {@code attach} pointed at a process that is not a JVM never signal it: the
 * Attach API of JDK 11 and 17 starts with SIGQUIT, which ends such a process. Run the way an ordinary
 * user runs them (as nobody when the tests run as root): for that user a non-dumpable process's
 * /proc/PID/maps cannot be read, and the CLI used to take such a process for a JVM.
 */
class NonJvmTargetIT {

    static final String NO_SIGQUIT_HANDLER = "does not catch SIGQUIT";
    static final String NO_HOTSPOT_SIGN = "shows no sign of a HotSpot JVM";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aNonDumpableProcessIsRefusedAndLeftAlive(Jdk jdk) throws Exception {
        assertRefusedAndAlive(jdk, Bystander.Kind.NON_DUMPABLE, NO_SIGQUIT_HANDLER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aPlainProcessIsRefusedAndLeftAlive(Jdk jdk) throws Exception {
        assertRefusedAndAlive(jdk, Bystander.Kind.PLAIN, NO_SIGQUIT_HANDLER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aNonDumpableProcessThatCatchesSigquitIsNeverSentOne(Jdk jdk) throws Exception {
        assertRefusedAndAlive(jdk, Bystander.Kind.NON_DUMPABLE_CATCHING_SIGQUIT, NO_HOTSPOT_SIGN);
    }

    /**
     * A JVM killed with -9 leaves /tmp/hsperfdata_USER/PID behind, and the pid may be reused by a
     * process that catches SIGQUIT: a perf-data file older than the process is no evidence.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aStalePerfDataFileLeftByAnEarlierJvmWithThatPidIsNoEvidence(Jdk jdk) throws Exception {
        List<String> asUser = OtherUser.unprivileged();
        if (!asUser.isEmpty()) {
            OtherUser.assumeCanRun(jdk);
        }
        try (Bystander bystander = Bystander.start(Bystander.Kind.NON_DUMPABLE_CATCHING_SIGQUIT, asUser)) {
            String user = asUser.isEmpty() ? System.getProperty("user.name") : "nobody";
            java.nio.file.Path directory = java.nio.file.Paths.get("/tmp", "hsperfdata_" + user);
            boolean created = !java.nio.file.Files.isDirectory(directory);
            java.nio.file.Files.createDirectories(directory);
            if (created && !asUser.isEmpty()) {
                // Owned by its user, as HotSpot wants it: a JVM of nobody's started meanwhile can still use it.
                java.nio.file.Files.setOwner(directory, directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
            }
            java.nio.file.Path stale = directory.resolve(Long.toString(bystander.pid()));
            java.nio.file.Files.write(stale, new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xc0, (byte) 0xc0, 0, 0, 0, 0});
            java.nio.file.Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            try {
                CliRun.Finished cli = CliRun.on(jdk).as(asUser).run("status", bystander.pid());
                // Refused (or, when an earlier JVM with that pid also left its attach socket, a failed connect: no signal either).
                assertEquals(1, cli.result.exitCode, cli.toString());
                assertTrue(bystander.isAlive(), "left alone: " + cli);
            } finally {
                java.nio.file.Files.deleteIfExists(stale);
                if (created) {
                    java.nio.file.Files.deleteIfExists(directory);
                }
            }
            assertEquals("", bystander.stopAndCollectOutput(), "no SIGQUIT reached it");
        }
    }

    /** -XX:-UsePerfData: no hsperfdata file, but the JVM's own user can read its maps, where libjvm.so proves it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aJvmWithoutPerfDataIsStillRecognisedByLibjvmInItsMaps(Jdk jdk) throws Exception {
        try (LiveJvm probe = LiveJvm.start(jdk, "-XX:-UsePerfData")) {
            CliRun.Finished status = CliRun.on(jdk).run("status", probe.pid());
            assertEquals(0, status.result.exitCode, status.toString());
            assertTrue(status.result.stdout.contains("not active:"), status.toString());
        }
    }

    private static void assertRefusedAndAlive(Jdk jdk, Bystander.Kind kind, String reason) throws Exception {
        List<String> asUser = OtherUser.unprivileged();
        if (!asUser.isEmpty()) {
            OtherUser.assumeCanRun(jdk);
        }
        try (Bystander bystander = Bystander.start(kind, asUser)) {
            for (List<Object> args : List.of(List.<Object>of("status", bystander.pid()), List.<Object>of("attach", bystander.pid(), "recv=8k"))) {
                CliRun.Finished cli = CliRun.on(jdk).as(asUser).run(args.toArray());

                assertEquals(1, cli.result.exitCode, cli.toString());
                assertTrue(cli.result.stderr.startsWith("sockbuf: process " + bystander.pid() + " "), cli.toString());
                assertTrue(cli.result.stderr.contains(reason), cli.toString());
                assertEquals(1, cli.result.stderr.split("\n").length, "one line: " + cli);
                assertTrue(bystander.isAlive(), kind + " was left alone: " + cli);
            }
            assertEquals("", bystander.stopAndCollectOutput(), "no SIGQUIT reached it");
        }
    }
}
