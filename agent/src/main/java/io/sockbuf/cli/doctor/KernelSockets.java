package io.sockbuf.cli.doctor;

import io.sockbuf.agent.proc.ProcText;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's TCP socket table: {@code ss -tinmeaH} (all states, numeric, tcp_info, skmem, inode),
 * or {@code /proc/net/tcp{,6}} when ss cannot be run. ss has no inode filter, so the caller keeps
 * the inodes it wants; the subprocess gets a bounded wait and is ended when it overruns it.
 */
final class KernelSockets {

    static final long SS_TIMEOUT_SECONDS = 10;

    final List<SsEntry> entries;
    /** Null with ss; otherwise the one-line note on what is missing and why. */
    final String note;

    private KernelSockets(List<SsEntry> entries, String note) {
        this.entries = entries;
        this.note = note;
    }

    static KernelSockets read(String ssCommand) {
        String problem;
        try {
            return new KernelSockets(SsParser.parse(runSs(ssCommand)), null);
        } catch (IOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        List<SsEntry> entries = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                entries.addAll(ProcNetTcp.parse(ProcText.read(table)));
            } catch (IOException ignored) {
                // No IPv6 in this kernel: tcp6 is absent.
            }
        }
        return new KernelSockets(entries, "note: " + problem + "; showing what /proc/net/tcp gives (no buffer sizes, window"
                + " scale, RTT or limits; install iproute2 for them)");
    }

    private static String runSs(String ssCommand) throws IOException, InterruptedException {
        File output = File.createTempFile("sockbuf-doctor", ".ss");
        try {
            Process process;
            try {
                process = new ProcessBuilder(ssCommand, "-tinmeaH").redirectErrorStream(true)
                        .redirectOutput(output).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            } catch (IOException e) {
                throw new IOException(ssCommand + " (iproute2) cannot be run: " + e.getMessage());
            }
            if (!process.waitFor(SS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(ssCommand + " did not finish within " + SS_TIMEOUT_SECONDS + " s");
            }
            String text = new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(ssCommand + " failed (exit " + process.exitValue() + "): " + firstLine(text));
            }
            return text;
        } finally {
            output.delete();
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }
}
