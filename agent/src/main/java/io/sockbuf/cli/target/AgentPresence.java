package io.sockbuf.cli.target;

import io.sockbuf.agent.proc.JvmOptions;

import java.io.File;
import java.io.IOException;

/**
 * Whether sockbuf already runs in a JVM, decided without attaching: {@code -javaagent:...sockbuf...}
 * on its command line or in JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS, or (after {@code attach}) its jar
 * open in the process, where it stays as a boot class path entry. A jar open because it is the
 * main jar or on the class path (another {@code java -jar sockbuf-agent.jar} CLI) does not count.
 * Nothing here signals the process. Used by {@code doctor} (to decide whether to ask the agent) and
 * by {@code list} (to mark the JVMs that run sockbuf).
 */
public final class AgentPresence {

    private AgentPresence() {
    }

    /**
     * {@link #evidence(String, ProcessFiles, String)} with this process's open files and this jar's
     * name; when its fds cannot be read (another user), the command line and environment still count.
     */
    public static String evidence(String pid) {
        File jar = AgentStatusReader.agentJar();
        ProcessFiles files;
        try {
            files = ProcessFiles.of(pid);
        } catch (IOException | RuntimeException e) {
            files = ProcessFiles.none();
        }
        return evidence(pid, files, jar == null ? "sockbuf-agent.jar" : jar.getName());
    }

    /** The evidence found, or null when there is none. */
    public static String evidence(String pid, ProcessFiles files, String jarName) {
        JvmOptions options = JvmOptions.of(pid);
        String[] arguments = options.commandLine().toArray(new String[0]);
        if (namesAgent(arguments)) {
            return "-javaagent: with sockbuf on its command line";
        }
        for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
            if (namesAgent(options.variable(variable).toArray(new String[0]))) {
                return "-javaagent: with sockbuf in " + variable;
            }
        }
        if (jarName != null && files.hasOpen(jarName) && !onClassPath(arguments, jarName)) {
            return jarName + " is open in the process";
        }
        return null;
    }

    private static boolean namesAgent(String[] arguments) {
        for (String argument : arguments) {
            if (argument.startsWith("-javaagent:") && argument.contains("sockbuf")) {
                return true;
            }
        }
        return false;
    }

    /** {@code -jar .../NAME}, or NAME in a {@code -cp}/{@code -classpath}/{@code --class-path} value. */
    public static boolean onClassPath(String[] arguments, String jarName) {
        for (int i = 0; i + 1 < arguments.length; i++) {
            String option = arguments[i];
            if (option.equals("-jar") || option.equals("-cp") || option.equals("-classpath") || option.equals("--class-path")) {
                for (String entry : arguments[i + 1].split(":")) {
                    if (entry.equals(jarName) || entry.endsWith("/" + jarName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
