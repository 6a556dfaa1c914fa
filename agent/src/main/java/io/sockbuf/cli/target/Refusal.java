package io.sockbuf.cli.target;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Why the CLI does not attach to a process, decided before anything is sent to it; null when it may.
 * One line each: what the process is, and what to do instead.
 */
public final class Refusal {

    private Refusal() {
    }

    public static String of(String pid) {
        if (!Files.isDirectory(Paths.get("/proc/self"))) {
            return listedByTheAttachApi(pid) ? null : "process " + pid + " is not among the JVMs of list, and without /proc"
                    + " there is no other way to tell that it is a JVM; nothing was sent to it.";
        }
        ProcStatus target = ProcStatus.of(pid);
        if (target == null) {
            return "cannot read /proc/" + pid + "/status, so cannot tell whether process " + pid + " is a JVM;"
                    + " nothing was sent to it.";
        }
        ProcStatus self = ProcStatus.self();
        if (self != null && self.uid != 0 && self.uid != target.uid) {
            String owner = ProcessOwner.name(pid, target.uid);
            return "process " + pid + " belongs to user " + owner + "; the Attach API connects only to JVMs of the same user."
                    + " Run it as that user: sudo -u " + owner + " java -jar " + ProcessOwner.jarForHint() + " ...";
        }
        return HotSpotEvidence.whyNotAttachable(pid, target);
    }

    private static boolean listedByTheAttachApi(String pid) {
        for (String[] jvm : TargetJvm.list()) {
            if (jvm[0].equals(pid)) {
                return true;
            }
        }
        return false;
    }
}
