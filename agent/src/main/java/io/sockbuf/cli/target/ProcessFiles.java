package io.sockbuf.cli.target;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a process holds open, from the links in {@code /proc/PID/fd}: reading them neither signals
 * nor stops the process. Readable for the process's own user (or root) only.
 */
public final class ProcessFiles {

    private final List<String> targets;

    private ProcessFiles(List<String> targets) {
        this.targets = targets;
    }

    /** Nothing known to be open (the fds could not be read). */
    public static ProcessFiles none() {
        return new ProcessFiles(new ArrayList<>());
    }

    public static ProcessFiles of(String pid) throws IOException {
        List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc", pid, "fd"))) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException ignored) {
                    // Closed between the listing and the read.
                }
            }
        }
        return new ProcessFiles(targets);
    }

    /** The inodes of {@code socket:[N]} links. */
    public Set<Long> socketInodes() {
        Set<Long> inodes = new LinkedHashSet<>();
        for (String target : targets) {
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
            }
        }
        return inodes;
    }

    /** Whether a file with this name (e.g. the agent jar, on the boot class path) is open. */
    public boolean hasOpen(String fileName) {
        for (String target : targets) {
            if (target.equals(fileName) || target.endsWith("/" + fileName)) {
                return true;
            }
        }
        return false;
    }
}
