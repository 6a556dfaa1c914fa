package io.sockbuf.agent.cli;

import io.sockbuf.agent.config.ByteSize;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar sockbuf-agent.jar list | attach PID key=value... | status PID | doctor PID | version}: the agent jar's
 * Main-Class, for JVMs that are already running. Runs in its own JVM, never inside the target;
 * everything that touches {@code jdk.attach} is in {@link TargetJvm}, which only this class uses
 * (the agent's premain/agentmain never load either).
 */
public final class SockbufCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar sockbuf-agent.jar <command>",
            "",
            "  list                          JVMs on this host that this user can attach to: pid and name",
            "  attach PID key=value...       load the agent into JVM PID, or change its settings if it runs there;",
            "                                keys as for -javaagent:sockbuf-agent.jar=... : recv, send, rules, mode,",
            "                                log, log.file, log.format, jmx, config",
            "                                e.g.  attach 4242 recv=256k send=256k",
            "  status PID                    what the agent in JVM PID does: settings, sockets per kind and outcome",
            io.sockbuf.agent.cli.doctor.DoctorCommand.USAGE_LINE,
            "  version, --version            this jar's sockbuf version",
            "",
            "Only sockets opened after attach get the new sizes; sockets already open keep theirs and their",
            "TCP window scale. JDK 21+ prints a warning in the target JVM when an agent is loaded at run time",
            "(JEP 451); -XX:+EnableDynamicAgentLoading on that JVM's command line allows it without the warning.",
            "");

    static final String OPEN_SOCKETS_NOTE = "Sockets already open keep their sizes and TCP window scale (fixed in their handshake);"
            + " only sockets opened from now on get the new sizes.";

    /** Printed by the target for every agent load that appends to the boot class path (seen on JDK 17 and 25, not on 11). */
    static final String SHARING_NOTE = "That JVM may also have printed \"Sharing is only supported for boot loader classes because"
            + " bootstrap classpath has been appended\": the agent's classes are boot classes, and application classes loaded"
            + " from now on are not taken from the class-data sharing archive (slightly slower to load); nothing else changes.";

    private SockbufCli() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (NoClassDefFoundError e) {
            System.err.println("sockbuf: this Java runtime has no Attach API (module jdk.attach): " + e.getMessage()
                    + ". Run the command with a full JDK's java.");
            code = FAILED;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err, "no command given");
        }
        String command = args[0];
        if (command.equals("help") || command.equals("-h") || command.equals("--help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        if (command.equals("version") || command.equals("--version")) {
            out.println("sockbuf " + version());
            return OK;
        }
        if (command.equals("doctor")) {
            return io.sockbuf.agent.cli.doctor.DoctorCommand.run(args, out, err);
        }
        if (command.equals("list")) {
            return args.length == 1 ? list(out) : usage(err, "list takes no arguments");
        }
        if (command.equals("attach") || command.equals("status")) {
            if (args.length < 2) {
                return usage(err, command + " needs the process id of a JVM (see: list)");
            }
            String pid = args[1];
            if (!isPid(pid)) {
                return usage(err, "\"" + pid + "\" is not a process id");
            }
            if (command.equals("status")) {
                return args.length == 2 ? status(pid, out, err) : usage(err, "status takes only a process id");
            }
            List<String> settings = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                String problem = checkSetting(args[i], settings);
                if (problem != null) {
                    return usage(err, problem);
                }
            }
            return attach(pid, String.join(",", settings), out, err);
        }
        return usage(err, "unknown command \"" + command + "\"");
    }

    private static String version() {
        return io.sockbuf.agent.config.Version.TEXT;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("sockbuf: " + problem + ".");
        err.print(USAGE_TEXT);
        return USAGE;
    }

    private static boolean isPid(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * One {@code key=value} argument; {@code -Dsockbuf.recv=8k} and {@code sockbuf.recv=8k} are taken
     * as {@code recv=8k}. Sizes are checked here, so a typo never reaches the target JVM; the agent
     * checks everything else and its warnings come back in the answer.
     *
     * @return null when accepted (added to {@code settings}), else the problem
     */
    static String checkSetting(String argument, List<String> settings) {
        String setting = argument;
        if (setting.startsWith("-D")) {
            setting = setting.substring(2);
        }
        if (setting.startsWith("sockbuf.")) {
            setting = setting.substring("sockbuf.".length());
        }
        int equals = setting.indexOf('=');
        if (equals <= 0) {
            return "\"" + argument + "\" is not key=value (e.g. recv=256k)";
        }
        String key = setting.substring(0, equals).trim();
        String value = setting.substring(equals + 1);
        if (key.startsWith(AgentCommand.MARKER)) {
            return "\"" + argument + "\" is reserved for the CLI itself";
        }
        if (value.contains(",")) {
            return "\"" + argument + "\" contains a comma; give each setting as its own argument";
        }
        if (key.equals("recv") || key.equals("send")) {
            try {
                ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                return key + "=\"" + value + "\" is not accepted: " + e.getMessage() + ". Expected " + ByteSize.ACCEPTED;
            }
        }
        settings.add(key + "=" + value.trim());
        return null;
    }

    private static int list(PrintStream out) {
        List<String[]> jvms = TargetJvm.list();
        if (jvms.isEmpty()) {
            out.println("No other JVM found that this user can attach to (JVMs run with -XX:-UsePerfData or"
                    + " -XX:+DisableAttachMechanism, or by another user, are not listed).");
            return OK;
        }
        out.println(pad("PID", 10) + "NAME");
        for (String[] jvm : jvms) {
            out.println(pad(jvm[0], 10) + (jvm[1].isEmpty() ? "(no name)" : jvm[1]));
        }
        return OK;
    }

    private static int attach(String pid, String settings, PrintStream out, PrintStream err) {
        return load(pid, settings, AgentCommand.REPLY, out, err);
    }

    private static int status(String pid, PrintStream out, PrintStream err) {
        return load(pid, null, AgentCommand.STATUS, out, err);
    }

    /** Loads the agent into {@code pid} with the settings and the CLI's reply entry, prints the agent's answer. */
    private static int load(String pid, String settings, String replyKey, PrintStream out, PrintStream err) {
        if (!ProcessHandle.of(Long.parseLong(pid)).isPresent()) {
            err.println("sockbuf: there is no process " + pid + " on this host (see: java -jar sockbuf-agent.jar list).");
            return FAILED;
        }
        if (Long.parseLong(pid) == ProcessHandle.current().pid()) {
            err.println("sockbuf: " + pid + " is this command's own JVM; give the process id of another JVM.");
            return FAILED;
        }
        if (!TargetJvm.isJvm(pid)) {
            err.println("sockbuf: process " + pid + " is not a Java VM (not among the JVMs of list, no libjvm.so loaded);"
                    + " nothing was done.");
            return FAILED;
        }
        File jar = agentJar();
        if (jar == null) {
            err.println("sockbuf: run this command as java -jar /path/to/sockbuf-agent.jar, so it can find the agent jar to load.");
            return FAILED;
        }
        Path directory = null;
        Path reply = null;
        try {
            directory = Files.createTempDirectory("sockbuf-cli");
            reply = directory.resolve("answer.txt");
            String arguments = (settings == null || settings.isEmpty() ? "" : settings + ",") + replyKey + reply;
            TargetJvm.Loaded loaded = TargetJvm.load(pid, jar, arguments);
            if (!Files.isRegularFile(reply)) {
                err.println("sockbuf: the agent was loaded into JVM " + pid + " (Java " + loaded.javaVersion + ") but did not"
                        + " answer in " + reply + "; its output (stderr or sockbuf.log.file) says why. A JVM in another"
                        + " container or under another user cannot write to this host's " + directory.getParent() + ".");
                return FAILED;
            }
            String answer = new String(Files.readAllBytes(reply), StandardCharsets.UTF_8);
            out.println((replyKey.equals(AgentCommand.REPLY) ? "Attached to JVM " : "JVM ") + pid + " (Java " + loaded.javaVersion
                    + (loaded.name.isEmpty() ? "" : ", " + loaded.name) + "):");
            out.print(answer);
            if (replyKey.equals(AgentCommand.REPLY)) {
                out.println(OPEN_SOCKETS_NOTE);
            }
            out.println(dynamicLoadingNote(loaded));
            if (loaded.feature > 11) {
                out.println(SHARING_NOTE);
            }
            return OK;
        } catch (TargetJvm.AttachFailure e) {
            err.println("sockbuf: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("sockbuf: " + e);
            return FAILED;
        } finally {
            deleteQuietly(reply);
            deleteQuietly(directory);
        }
    }

    /** JEP 451: what the target printed, or would print on JDK 21+, and the flag that allows it silently. */
    static String dynamicLoadingNote(TargetJvm.Loaded loaded) {
        if (loaded.dynamicLoadingEnabled) {
            return "That JVM runs with -XX:+EnableDynamicAgentLoading, so loading the agent at run time printed no warning there.";
        }
        if (loaded.feature >= 21) {
            return "JDK 21 and newer print a warning when an agent is loaded into a running JVM (JEP 451); that JVM (Java "
                    + loaded.javaVersion + ") printed it on its stderr. Start it with -XX:+EnableDynamicAgentLoading to allow"
                    + " this without the warning.";
        }
        return "JDK 21 and newer print a warning when an agent is loaded into a running JVM (JEP 451); that JVM (Java "
                + loaded.javaVersion + ") does not. On JDK 21+ start it with -XX:+EnableDynamicAgentLoading to allow this"
                + " without the warning.";
    }

    /** The jar this class came from: what loadAgent loads. Null when not run from a jar. */
    private static File agentJar() {
        try {
            File location = new File(SockbufCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.isFile() ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover empty directory in the temp dir is harmless.
        }
    }

    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.append(' ').toString();
    }
}
