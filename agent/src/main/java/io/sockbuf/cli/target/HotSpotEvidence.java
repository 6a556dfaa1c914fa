package io.sockbuf.cli.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, before anything is sent to a process, whether the Attach API may be pointed at it. To
 * start a JVM's attach listener the Attach API of JDK 11 and 17 sends SIGQUIT, whose default action
 * ends a process; so unless the listener is already open (then it only connects to its socket), the
 * target must both catch SIGQUIT ({@code SigCgt}) and show a sign of HotSpot that a non-JVM does not
 * have: its {@code hsperfdata} file, or libjvm.so in its {@code maps}. Nothing else counts: a process
 * whose {@code maps} cannot be read (non-dumpable: ssh-agent, setuid programs) is not a JVM by default.
 */
public final class HotSpotEvidence {

    private HotSpotEvidence() {
    }

    /** Null when attaching cannot harm the process; else why nothing is sent to it. */
    static String whyNotAttachable(String pid, ProcStatus status) {
        if (attachListenerOpen(pid, status.namespacePid)) {
            return null;
        }
        if (!status.catchesSigquit()) {
            return "process " + pid + " does not catch SIGQUIT, which the Attach API sends to start a JVM's attach listener"
                    + " and which would end that process: it is not a HotSpot JVM (or one run with -Xrs); nothing was sent to it.";
        }
        if (hasPerfDataFile(pid, status.namespacePid) || mapsLibjvm(pid)) {
            return null;
        }
        return "process " + pid + " shows no sign of a HotSpot JVM (no hsperfdata file, and /proc/" + pid + "/maps"
                + " unreadable or without libjvm.so), so it is not sent the SIGQUIT that attaching starts with;"
                + " nothing was sent to it.";
    }

    /** The JVM's attach socket exists: the Attach API connects to it and sends no signal. */
    private static boolean attachListenerOpen(String pid, String namespacePid) {
        for (Path tmp : tmpDirectories(pid)) {
            Path socket = tmp.resolve(".java_pid" + (tmp.startsWith("/proc") ? namespacePid : pid));
            if (isSocketLike(socket)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPerfDataFile(String pid, String namespacePid) {
        for (Path tmp : tmpDirectories(pid)) {
            String name = tmp.startsWith("/proc") ? namespacePid : pid;
            try (DirectoryStream<Path> users = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
                for (Path user : users) {
                    if (isThisProcessesPerfData(user.resolve(name), pid)) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not readable for this user (another user's container root): no evidence from here.
            }
        }
        return false;
    }

    /**
     * A JVM killed with -9 leaves its hsperfdata file behind, and the pid may now belong to a
     * process that catches SIGQUIT to shut down (nginx): only a file with HotSpot's perf-data magic
     * that was written since this process started counts.
     */
    private static boolean isThisProcessesPerfData(Path file, String pid) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            byte[] magic;
            try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                magic = in.readNBytes(4);
            }
            boolean perfData = magic.length == 4 && (magic[0] & 0xff) == 0xca && (magic[1] & 0xff) == 0xfe
                    && (magic[2] & 0xff) == 0xc0 && (magic[3] & 0xff) == 0xc0;
            long started = startedAtMillis(pid);
            return perfData && started > 0 && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() >= started - 1000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** When the process started (epoch millis), from /proc/PID/stat and the boot time in /proc/stat; -1 if unknown. */
    private static long startedAtMillis(String pid) throws IOException {
        String stat;
        try (java.io.InputStream in = Files.newInputStream(Paths.get("/proc", pid, "stat"))) {
            stat = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // procfs sizes are not to be trusted
        }
        // Fields after the command name, which is in parentheses and may contain spaces; starttime is field 22.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticksSinceBoot = Long.parseLong(fields[19]);
        for (String line : Files.readAllLines(Paths.get("/proc/stat"), StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("btime ")) {
                long bootSeconds = Long.parseLong(line.substring(6).trim());
                return bootSeconds * 1000 + ticksSinceBoot * 1000 / CLOCK_TICKS_PER_SECOND;
            }
        }
        return -1;
    }

    /** USER_HZ: 100 on every Linux architecture the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static boolean mapsLibjvm(String pid) {
        try (BufferedReader lines = Files.newBufferedReader(Paths.get("/proc", pid, "maps"), StandardCharsets.ISO_8859_1)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.endsWith("/libjvm.so")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Non-dumpable or another user's process: proves nothing either way.
        }
        return false;
    }

    /** This host's /tmp, and the target's own /tmp when it runs in another mount namespace (a container). */
    private static List<Path> tmpDirectories(String pid) {
        List<Path> directories = new ArrayList<>();
        directories.add(Paths.get("/tmp"));
        Path root = Paths.get("/proc", pid, "root", "tmp");
        try {
            if (!Files.isSameFile(root, Paths.get("/tmp"))) {
                directories.add(root);
            }
        } catch (IOException | RuntimeException e) {
            // No access to the target's root: only this host's /tmp.
        }
        return directories;
    }

    private static boolean isSocketLike(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
