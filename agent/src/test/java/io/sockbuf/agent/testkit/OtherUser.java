package io.sockbuf.agent.testkit;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Running a process as the unprivileged user {@code nobody} with {@code setpriv}, when the tests run as
 * root: the only way a root test can put a process where an ordinary user stands (it cannot read a
 * non-dumpable process's /proc/PID/maps, it owns its own JVMs).
 */
public final class OtherUser {

    public static final String NAME = "nobody";
    public static final List<String> PREFIX = List.of("setpriv", "--reuid=" + NAME, "--regid=nogroup", "--clear-groups");

    private OtherUser() {
    }

    public static boolean testsRunAsRoot() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    /** The prefix that runs a command as a user who is not root: {@link #PREFIX} as root, else nothing. */
    public static List<String> unprivileged() {
        return testsRunAsRoot() ? PREFIX : List.of();
    }

    /** Skips (fails in CI) unless {@code nobody} can run this JDK's java and read the agent jar and probe classes. */
    public static void assumeCanRun(Jdk jdk) throws Exception {
        ProcessBuilder version = JavaCommand.on(jdk).prefixedBy(PREFIX)
                .withOptions("-cp", JavaCommand.AGENT_JAR.getAbsolutePath() + ":" + JavaCommand.PROBE_CLASSES, "-version")
                .processBuilder().redirectErrorStream(true);
        boolean ran;
        try {
            Process process = version.start();
            process.getInputStream().readAllBytes();
            ran = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0
                    && Files.isReadable(JavaCommand.AGENT_JAR.toPath());
        } catch (java.io.IOException e) {
            ran = false;
        }
        if (!ran) {
            Prerequisites.missing("setpriv cannot run " + jdk.java() + " as " + NAME + " (setpriv missing, or the JDK is not"
                    + " readable by that user): the tests with a process of another user did NOT run");
        }
    }
}
