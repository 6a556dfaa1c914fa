package io.sockbuf.agent.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One started process and its plumbing: stderr always goes to a file (readable while it runs,
 * so a full pipe never stalls it), stdout to a file or to a pipe read line by line, stdin takes
 * lines, and every wait has a cap. Started through {@link JavaCommand}.
 */
public final class ForkedProcess implements AutoCloseable {

    /** How long a process asked to end (a {@code quit} line) may take before it is ended forcibly. */
    private static final long QUIT_SECONDS = 10;
    /** How long {@link #stderrWhen} waits for the agent's writer thread. */
    private static final long STDERR_WAIT_SECONDS = 30;

    private final Process process;
    private final File stderr;
    /** Where stdout went, or null when it is a pipe ({@link #lines}). */
    private final File stdout;
    private final BufferedReader lines;
    private final Writer input;

    private ForkedProcess(Process process, File stdout, File stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ForkedProcess start(ProcessBuilder builder, boolean stdoutIsAPipe) throws IOException {
        File stderr = temporaryFile(".stderr");
        builder.redirectError(stderr);
        File stdout = null;
        if (!stdoutIsAPipe) {
            stdout = temporaryFile(".stdout");
            builder.redirectOutput(stdout);
        }
        return new ForkedProcess(builder.start(), stdout, stderr);
    }

    private static File temporaryFile(String suffix) throws IOException {
        File file = Files.createTempFile("sockbuf-forked", suffix).toFile();
        file.deleteOnExit();
        return file;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The next stdout line, or null when the process closed its stdout (only with stdout a pipe). */
    public String readLine() throws IOException {
        return lines.readLine();
    }

    /** stdout lines up to and including {@code last}, or null when the process ended before it printed that line. */
    public String readThrough(String last) throws IOException {
        StringBuilder read = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            read.append(line).append('\n');
            if (line.equals(last)) {
                return read.toString();
            }
        }
        return null;
    }

    /** Writes one line to the process's stdin. */
    public void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** Ends stdin: a program waiting for a line there sees the end of its input. */
    public void closeInput() throws IOException {
        input.close();
    }

    /** Everything on stderr so far. */
    public String stderr() {
        try {
            return new String(Files.readAllBytes(stderr.toPath()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    /** stderr once {@code ready} holds for it, or after 30 s: the agent's log is written by its own thread, a moment later. */
    public String stderrWhen(Predicate<String> ready) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STDERR_WAIT_SECONDS);
        String log = stderr();
        while (!ready.test(log) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            log = stderr();
        }
        return log;
    }

    /**
     * Waits for the end, at most {@code timeoutSeconds} (then the process is ended and the test
     * fails), and returns its exit code and output; with stdout a pipe, what was not read yet.
     */
    public ForkedJvm.Result finish(long timeoutSeconds) throws Exception {
        CompletableFuture<String> rest = stdout == null ? CompletableFuture.supplyAsync(this::readRest) : null;
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not finish within " + timeoutSeconds + " s\n--- stderr\n" + stderr());
        }
        String out = rest != null ? rest.get(QUIT_SECONDS, TimeUnit.SECONDS)
                : new String(Files.readAllBytes(stdout.toPath()), StandardCharsets.UTF_8);
        ForkedJvm.Result result = new ForkedJvm.Result(process.exitValue(), out, stderr());
        stderr.delete();
        if (stdout != null) {
            stdout.delete();
        }
        return result;
    }

    private String readRest() {
        StringBuilder rest = new StringBuilder();
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rest.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rest.toString();
    }

    /** Sends {@code line} (the program's way to end) and waits a little; ends the process forcibly if it is still there. */
    public void endWith(String line) {
        try {
            send(line);
            if (!process.waitFor(QUIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /** Ends the process forcibly (it is the test's own child). */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
