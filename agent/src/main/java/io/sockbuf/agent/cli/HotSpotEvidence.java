package io.sockbuf.agent.cli;

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
final class HotSpotEvidence {

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
                    if (Files.isRegularFile(user.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not readable for this user (another user's container root): no evidence from here.
            }
        }
        return false;
    }

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
