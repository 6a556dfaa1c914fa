package io.sockbuf.cli.target;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** The user a process runs as, by name where the system knows one, for messages. */
public final class ProcessOwner {

    private ProcessOwner() {
    }

    static String name(String pid, long uid) {
        try {
            return Files.getOwner(Paths.get("/proc", pid)).getName();
        } catch (IOException | RuntimeException e) {
            return "#" + uid;
        }
    }

    /** The jar path to put in a suggested command line. */
    static String jarForHint() {
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator) ? classPath : "sockbuf-agent.jar";
    }
}
