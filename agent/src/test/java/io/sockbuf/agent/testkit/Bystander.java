package io.sockbuf.agent.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process that is not a JVM, started by the test itself, for the CLI to be pointed at: a small C
 * program (built with gcc) that sets SIGQUIT to its default action (which ends it), optionally makes
 * itself non-dumpable like ssh-agent or a setuid program (then its /proc/PID/maps cannot be read by
 * an ordinary user), or catches SIGQUIT and prints {@code QUIT} for each one it receives.
 */
public final class Bystander implements AutoCloseable {

    public enum Kind {
        /** Like plain sleep: dumpable, SIGQUIT at its default action. */
        PLAIN,
        /** PR_SET_DUMPABLE 0, SIGQUIT at its default action. */
        NON_DUMPABLE,
        /** PR_SET_DUMPABLE 0 and a SIGQUIT handler: survives SIGQUIT but says it got one. */
        NON_DUMPABLE_CATCHING_SIGQUIT
    }

    private static final String SOURCE = String.join("\n",
            "#include <signal.h>",
            "#include <string.h>",
            "#include <sys/prctl.h>",
            "#include <unistd.h>",
            "static void quit(int s) { (void) s; write(1, \"QUIT\\n\", 5); }",
            "int main(int argc, char **argv) {",
            "  const char *kind = argc > 1 ? argv[1] : \"PLAIN\";",
            "  signal(SIGQUIT, strcmp(kind, \"NON_DUMPABLE_CATCHING_SIGQUIT\") == 0 ? quit : SIG_DFL);",
            "  if (strcmp(kind, \"PLAIN\") != 0) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);",
            "  write(1, \"READY\\n\", 6);",
            "  for (;;) pause();",
            "}",
            "");

    private static Path binary;

    private final Process process;
    /** Its stdout: a file, so what it printed can still be read after it was ended. */
    private final Path out;

    private Bystander(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts one, with {@code prefix} in front (e.g. {@link OtherUser#PREFIX}), and waits until it has set itself up. */
    public static Bystander start(Kind kind, List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(binary().toString());
        command.add(kind.name());
        Path out = Files.createTempFile("sockbuf-bystander", ".stdout");
        out.toFile().deleteOnExit();
        Bystander bystander = new Bystander(new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start(), out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!bystander.output().startsWith("READY\n")) {
            if (!bystander.isAlive() || System.nanoTime() > deadline) {
                bystander.close();
                throw new AssertionError("bystander did not start: " + bystander.output());
            }
            Thread.sleep(20);
        }
        return bystander;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it printed since READY ("QUIT" lines), read after it has been stopped. */
    public String stopAndCollectOutput() throws Exception {
        close();
        return output().substring("READY\n".length());
    }

    private String output() throws IOException {
        return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Built once per test JVM, into a directory every user may read (the bystander may run as nobody). */
    private static synchronized Path binary() throws Exception {
        if (binary != null) {
            return binary;
        }
        Path directory = Files.createTempDirectory("sockbuf-bystander");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = directory.resolve("bystander.c");
        Files.write(source, SOURCE.getBytes(StandardCharsets.UTF_8));
        Path built = directory.resolve("bystander");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-o", built.toString(), source.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Prerequisites.missing("gcc is not installed: the tests with a non-JVM bystander process did NOT run");
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new AssertionError("gcc failed: " + output);
        }
        Files.setPosixFilePermissions(built, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (File file : new File[] {directory.toFile(), source.toFile(), built.toFile()}) {
            file.deleteOnExit();
        }
        binary = built;
        return built;
    }
}
