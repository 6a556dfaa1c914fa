package io.sockbuf.cli.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/**
 * The fields of {@code /proc/PID/status} the CLI decides by. That file is readable for every
 * process, also a non-dumpable one or another user's (unlike {@code maps}, {@code exe} or {@code root}).
 */
public final class ProcStatus {

    private static final int SIGQUIT = 3;

    /** Effective user and group id. */
    final long uid;
    final long gid;
    /** The signals the process has a handler for (a bit per signal, signal n at bit n-1). */
    final long caughtSignals;
    /** The process id inside its own (innermost) pid namespace: a container's JVM names its files by it. */
    final String namespacePid;

    private ProcStatus(long uid, long gid, long caughtSignals, String namespacePid) {
        this.uid = uid;
        this.gid = gid;
        this.caughtSignals = caughtSignals;
        this.namespacePid = namespacePid;
    }

    /** Null when the process is gone or /proc is not there. */
    static ProcStatus of(String pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Paths.get("/proc", pid, "status"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        long uid = -1;
        long gid = -1;
        long caught = 0;
        String namespacePid = pid;
        for (String line : lines) {
            String[] fields = line.split("\\s+");
            try {
                if (fields[0].equals("Uid:") && fields.length > 2) {
                    uid = Long.parseLong(fields[2]);
                } else if (fields[0].equals("Gid:") && fields.length > 2) {
                    gid = Long.parseLong(fields[2]);
                } else if (fields[0].equals("SigCgt:") && fields.length > 1) {
                    caught = Long.parseUnsignedLong(fields[1], 16);
                } else if (fields[0].equals("NSpid:") && fields.length > 1) {
                    namespacePid = fields[fields.length - 1];
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return uid < 0 ? null : new ProcStatus(uid, gid, caught, namespacePid);
    }

    /** This CLI's own process. */
    static ProcStatus self() {
        return of("self");
    }

    /** A HotSpot JVM catches SIGQUIT (unless run with -Xrs); a process that does not would be ended by it. */
    boolean catchesSigquit() {
        return (caughtSignals & (1L << (SIGQUIT - 1))) != 0;
    }
}
