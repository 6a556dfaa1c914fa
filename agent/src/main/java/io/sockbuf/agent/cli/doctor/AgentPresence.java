package io.sockbuf.agent.cli.doctor;

import java.io.IOException;

/**
 * Whether sockbuf already runs in a JVM, decided without attaching: its jar stays open as a boot
 * class path entry (premain or agentmain alike), and {@code -javaagent:...sockbuf...} may be on the
 * command line or in JAVA_TOOL_OPTIONS. Nothing here signals the process.
 */
final class AgentPresence {

    private AgentPresence() {
    }

    /** The evidence found, or null when there is none. */
    static String evidence(String pid, ProcessFiles files, String jarName) {
        if (jarName != null && files.hasOpen(jarName)) {
            return jarName + " is open in the process";
        }
        String cmdline = read("/proc/" + pid + "/cmdline");
        if (namesAgent(cmdline)) {
            return "-javaagent: with sockbuf on its command line";
        }
        String environ = read("/proc/" + pid + "/environ");
        for (String variable : environ.split("\0")) {
            if ((variable.startsWith("JAVA_TOOL_OPTIONS=") || variable.startsWith("JDK_JAVA_OPTIONS=")) && namesAgent(variable)) {
                return "-javaagent: with sockbuf in " + variable.substring(0, variable.indexOf('='));
            }
        }
        return null;
    }

    private static boolean namesAgent(String text) {
        for (String part : text.split("[\0 ]")) {
            if (part.startsWith("-javaagent:") && part.contains("sockbuf")) {
                return true;
            }
        }
        return false;
    }

    private static String read(String path) {
        try {
            return ProcText.read(path);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
