package io.sockbuf.agent.probe.scenario;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Prints where file descriptor 2 points ({@code stderr-fd closed}, or the link target: with
 * stderr closed before exec it is the first file the JVM opened), opens the sockets of the
 * {@code socket} scenario, writes to System.err and prints {@code stderr-write-failed true|false}.
 */
final class StderrTarget {

    private StderrTarget() {
    }

    static void open(Sockets sockets) throws Exception {
        Path fd2 = Paths.get("/proc/self/fd/2");
        System.out.println("stderr-fd " + (Files.exists(fd2, LinkOption.NOFOLLOW_LINKS) ? Files.readSymbolicLink(fd2) : "closed"));
        EveryKind.socket(sockets);
        System.err.println("the probe writes to stderr");
        System.out.println("stderr-write-failed " + System.err.checkError());
    }
}
