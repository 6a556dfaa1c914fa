package io.sockbuf.agent.proc;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options a JVM was started with: its command line ({@code /proc/PID/cmdline} on Linux) and
 * the option variables the launcher and the JVM read. For this JVM (the agent's startup checks,
 * without java.lang.management, which would cost premain tens of milliseconds) and for another
 * one (the CLI's "does sockbuf run there", read without attaching).
 */
public final class JvmOptions {

    /** The variables whose options a JVM takes as if they were on its command line. */
    public static final String[] VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"};

    /** The command line, without the launcher's own name. */
    private final List<String> commandLine;
    /** Variable -> its options, for the variables that are set. */
    private final Map<String, List<String>> variables;
    /** The variables' options first (the JVM reads them first), then the command line. */
    private final List<String> all = new ArrayList<>();

    private JvmOptions(List<String> commandLine, Map<String, List<String>> variables) {
        this.commandLine = commandLine;
        this.variables = variables;
        for (String variable : VARIABLES) {
            all.addAll(variable(variable));
        }
        all.addAll(commandLine);
    }

    public static JvmOptions ofThisJvm() {
        Map<String, List<String>> variables = new HashMap<>();
        for (String variable : VARIABLES) {
            String value = System.getenv(variable);
            if (value != null) {
                variables.put(variable, split(value));
            }
        }
        return new JvmOptions(commandLine("self"), variables);
    }

    /** Another process's, as far as this user may read them (nothing when not). */
    public static JvmOptions of(String pid) {
        Map<String, List<String>> variables = new HashMap<>();
        for (String entry : read("/proc/" + pid + "/environ").split("\0")) {
            for (String variable : VARIABLES) {
                if (entry.startsWith(variable + "=")) {
                    variables.put(variable, split(entry.substring(variable.length() + 1)));
                }
            }
        }
        return new JvmOptions(commandLine(pid), variables);
    }

    /** The value of the first option that starts with {@code prefix}, or null. */
    public String valueOf(String prefix) {
        for (String option : all) {
            if (option.startsWith(prefix)) {
                return option.substring(prefix.length());
            }
        }
        return null;
    }

    public boolean has(String option) {
        return all.contains(option);
    }

    /** The paths of every {@code -javaagent:PATH[=arguments]}. */
    public List<String> agentJars() {
        List<String> jars = new ArrayList<>();
        for (String option : all) {
            if (option.startsWith("-javaagent:")) {
                String value = option.substring("-javaagent:".length());
                int equals = value.indexOf('=');
                jars.add(equals < 0 ? value : value.substring(0, equals));
            }
        }
        return jars;
    }

    /** The command line's arguments after the launcher. */
    public List<String> commandLine() {
        return commandLine;
    }

    /** The options of one of {@link #VARIABLES}; empty when it is not set. */
    public List<String> variable(String name) {
        List<String> options = variables.get(name);
        return options == null ? new ArrayList<String>() : options;
    }

    /**
     * Split on whitespace by hand: a regex would compile a Pattern in premain of every JVM that
     * gets the agent through JAVA_TOOL_OPTIONS.
     */
    static List<String> split(String value) {
        List<String> options = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= value.length(); i++) {
            boolean space = i == value.length() || Character.isWhitespace(value.charAt(i));
            if (space && start >= 0) {
                options.add(value.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return options;
    }

    private static List<String> commandLine(String pid) {
        List<String> arguments = new ArrayList<>(Arrays.asList(read("/proc/" + pid + "/cmdline").split("\0")));
        return arguments.size() <= 1 ? new ArrayList<String>() : arguments.subList(1, arguments.size());
    }

    /** The file's text in the platform's charset (the one the launcher used for these bytes); "" when it cannot be read (not Linux, another user). */
    private static String read(String path) {
        try {
            return new String(ProcText.bytes(path), Charset.defaultCharset());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
