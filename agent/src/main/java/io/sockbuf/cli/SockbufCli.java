package io.sockbuf.cli;

import io.sockbuf.agent.control.AgentCommand;
import io.sockbuf.cli.target.AgentPresence;
import io.sockbuf.cli.target.AgentStatusReader;
import io.sockbuf.cli.target.AttachProgress;
import io.sockbuf.cli.target.BoundedWait;
import io.sockbuf.cli.target.Refusal;
import io.sockbuf.cli.target.ReplyDirectory;
import io.sockbuf.cli.target.TargetJvm;
import io.sockbuf.cli.target.Timeout;
import io.sockbuf.agent.config.Key;
import io.sockbuf.agent.config.KeyValue;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar sockbuf-agent.jar list | attach PID key=value... | status PID | doctor PID | version}: the agent jar's
 * Main-Class, for JVMs that are already running. Runs in its own JVM, never inside the target;
 * everything that touches {@code jdk.attach} is in {@link TargetJvm} (the agent's premain/agentmain
 * never load the CLI's classes). Before anything is sent to a process, {@link Refusal} decides whether
 * it may be; every wait for another JVM is bounded ({@link BoundedWait}, {@code --timeout}).
 */
public final class SockbufCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Gave up waiting for the target JVM (--timeout). */
    static final int TIMED_OUT = 3;
    /** attach: the agent took the request except the parts printed on stderr (see {@link RefusedParts}). */
    static final int PARTLY_REFUSED = 4;

    static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar sockbuf-agent.jar <command>",
            "",
            "  list                          JVMs on this host that this user can attach to: pid, whether sockbuf runs",
            "                                there (read from /proc, nothing is loaded into them) and name",
            "  attach PID key=value...       load the agent into JVM PID, or change its settings if it runs there;",
            "                                keys as for -javaagent:sockbuf-agent.jar=... : recv, send, rules, mode,",
            "                                log, log.file, log.format, jmx, config (see README, Settings)",
            "                                e.g.  attach 4242 recv=256k send=256k",
            "  status PID                    what the agent in JVM PID does: settings, sockets per kind and outcome",
            io.sockbuf.cli.doctor.DoctorCommand.USAGE_LINE,
            "  version, --version            this jar's sockbuf version",
            "",
            "  --timeout S                   give up waiting for the other JVM after S seconds (default 15), exit code 3",
            "",
            "Exit codes: 0 done; 1 the JVM could not be reached; 2 wrong usage; 3 gave up waiting (--timeout);",
            "4 attach applied the rest but the agent refused a part (bad rule or value, unknown key, a mode or log",
            "setting that cannot change at run time, JMX): each refused part is printed on stderr.",
            "",
            "Only sockets opened after attach get the new sizes; sockets already open keep theirs and their",
            "TCP window scale.",
            "");

    /** Printed under list's table: how SOCKBUF was decided, and that nothing was loaded to decide it. */
    static final String LIST_NOTE = "SOCKBUF yes: sockbuf runs there (-javaagent with sockbuf on its command line or in"
            + " JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS, or its jar open after an attach), read from /proc; nothing was loaded or sent to any JVM.";

    static final String OPEN_SOCKETS_NOTE = "Sockets already open keep their sizes and TCP window scale (fixed in their handshake);"
            + " only sockets opened from now on get the new sizes.";

    /**
     * Printed by a target that uses class-data sharing (java.vm.info "sharing") at every agent load, since each
     * appends the jar to the boot class path; explained once, at the first attach (JDK 11 as Debian ships it has no archive).
     */
    static final String SHARING_NOTE = "That JVM printed \"Sharing is only supported for boot loader classes because"
            + " bootstrap classpath has been appended\" (it does at every load of the agent, status included): the agent's classes are boot classes, and application classes loaded"
            + " from now on are not taken from the class-data sharing archive (slightly slower to load); nothing else changes.";

    private SockbufCli() {
    }

    public static void main(String[] args) {
        if (!ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
            System.err.println("sockbuf: this Java runtime has no Attach API (module jdk.attach). Run the command with a full JDK's java.");
            System.exit(FAILED);
        }
        if (SockbufCli.class.getClassLoader() == null && runFromTheJar(args)) {
            return;
        }
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

    /** This JVM carries the agent too, which put the jar on the boot class path: see {@link CliClassLoader}. */
    private static boolean runFromTheJar(String[] args) {
        try {
            return CliClassLoader.runMain(args);
        } catch (Throwable t) {
            System.err.println("sockbuf: could not start the CLI apart from the agent that runs in this JVM: " + t);
            System.exit(FAILED);
            return true;
        }
    }

    static int run(String[] arguments, PrintStream out, PrintStream err) {
        List<String> remaining = new ArrayList<>(Arrays.asList(arguments));
        double timeout = Timeout.take(remaining);
        if (Double.isNaN(timeout)) {
            return usage(err, Timeout.rejection(Arrays.asList(arguments)));
        }
        String[] args = remaining.toArray(new String[0]);
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
            return io.sockbuf.cli.doctor.DoctorCommand.run(args, timeout, out, err);
        }
        if (command.equals("list")) {
            return args.length == 1 ? list(timeout, out, err) : usage(err, "list takes no arguments");
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
                return args.length == 2 ? load(pid, null, AgentCommand.STATUS, timeout, out, err)
                        : usage(err, "status takes only a process id");
            }
            List<String> settings = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                String problem = checkSetting(args[i], settings);
                if (problem != null) {
                    return usage(err, problem);
                }
            }
            return load(pid, String.join(",", settings), AgentCommand.REPLY, timeout, out, err);
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
        KeyValue setting = KeyValue.parse(argument);
        if (setting == null) {
            return "\"" + argument + "\" is not key=value (e.g. recv=256k)";
        }
        if (setting.key.startsWith(AgentCommand.MARKER)) {
            return "\"" + argument + "\" is reserved for the CLI itself";
        }
        if (setting.value.contains(",")) {
            return "\"" + argument + "\" contains a comma; give each setting as its own argument";
        }
        Key key = Key.named(setting.key);
        if (key == Key.RECV || key == Key.SEND) {
            try {
                key.parse(setting.value, setting.key, new ArrayList<String>());
            } catch (IllegalArgumentException e) {
                return setting.key + "=\"" + setting.value + "\" is not accepted: " + e.getMessage();
            }
        }
        settings.add(setting.key + "=" + setting.value.trim());
        return null;
    }

    private static int list(double timeout, PrintStream out, PrintStream err) {
        List<String[]> jvms;
        try {
            // Marking reads each JVM's /proc files, which can wait on a process in a bad state: inside the bound too.
            jvms = BoundedWait.run("list", timeout, SockbufCli::listMarked);
        } catch (BoundedWait.TimedOut e) {
            err.println("sockbuf: listing the JVMs of this user (their /tmp/hsperfdata_* files) took longer than "
                    + Timeout.format(timeout) + " s; gave up (--timeout S to wait longer).");
            return TIMED_OUT;
        } catch (Exception e) {
            err.println("sockbuf: could not list the JVMs: " + e);
            return FAILED;
        }
        if (jvms.isEmpty()) {
            out.println("No other JVM found that this user can attach to (JVMs run with -XX:-UsePerfData or"
                    + " -XX:+DisableAttachMechanism, or by another user, are not listed).");
            return OK;
        }
        out.println(pad("PID", 10) + pad("SOCKBUF", 7) + "NAME");
        for (String[] jvm : jvms) {
            out.println(pad(jvm[0], 10) + pad(jvm[2], 7) + (jvm[1].isEmpty() ? "(no name)" : jvm[1]));
        }
        out.println(LIST_NOTE);
        return OK;
    }

    /** {pid, name, "yes" or "-"}: whether sockbuf runs there, by {@link AgentPresence} (nothing is sent to the JVM). */
    private static List<String[]> listMarked() {
        List<String[]> marked = new ArrayList<>();
        for (String[] jvm : TargetJvm.list()) {
            marked.add(new String[] {jvm[0], jvm[1], AgentPresence.evidence(jvm[0]) == null ? "-" : "yes"});
        }
        return marked;
    }

    /** The Attach API hands an agent at most 1024 bytes of arguments (HotSpot's limit per attach argument). */
    static final int MAX_SETTINGS_BYTES = 900;

    /** Loads the agent into {@code pid} with the settings and the CLI's reply entry, prints the agent's answer. */
    private static int load(String pid, String settings, String replyKey, double timeout, PrintStream out, PrintStream err) {
        int length = settings == null ? 0 : settings.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > MAX_SETTINGS_BYTES) {
            err.println("sockbuf: the settings are " + length + " bytes; the Attach API passes at most about 1 KiB to an agent."
                    + " Put them in a properties file (one key=value per line, e.g. rules=...) and pass config=/path/to/file instead.");
            return USAGE;
        }
        if (!ProcessHandle.of(Long.parseLong(pid)).isPresent()) {
            err.println("sockbuf: there is no process " + pid + " on this host (see: java -jar sockbuf-agent.jar list).");
            return FAILED;
        }
        if (Long.parseLong(pid) == ProcessHandle.current().pid()) {
            err.println("sockbuf: " + pid + " is this command's own JVM; give the process id of another JVM.");
            return FAILED;
        }
        String refusal = Refusal.of(pid);
        if (refusal != null) {
            err.println("sockbuf: " + refusal);
            return FAILED;
        }
        File jar = AgentStatusReader.agentJar();
        if (jar == null) {
            err.println("sockbuf: run this command as java -jar /path/to/sockbuf-agent.jar, so it can find the agent jar to load.");
            return FAILED;
        }
        boolean changesSettings = replyKey.equals(AgentCommand.REPLY);
        AttachProgress progress = new AttachProgress();
        ReplyDirectory directory = null;
        try {
            directory = ReplyDirectory.create(pid);
            String arguments = (settings == null || settings.isEmpty() ? "" : settings + ",") + replyKey + directory.reply();
            ReplyDirectory replies = directory;
            long start = System.nanoTime();
            TargetJvm.Loaded loaded = BoundedWait.run("attach", timeout, () -> TargetJvm.load(pid, jar, arguments, progress));
            double left = Math.max(0.5, timeout - (System.nanoTime() - start) / 1e9);
            String answer = BoundedWait.run("reply", left, replies::read);
            if (answer == null) {
                err.println("sockbuf: the agent was loaded into JVM " + pid + " (Java " + loaded.javaVersion + ") but did not"
                        + " answer in " + replies.reply() + "; its output (stderr or sockbuf.log.file) says why. A JVM in another"
                        + " container cannot write to this host's " + replies.parent() + ".");
                return FAILED;
            }
            out.println((changesSettings ? "Attached to JVM " : "JVM ") + pid + " (Java " + loaded.javaVersion
                    + (loaded.name.isEmpty() ? "" : ", " + loaded.name) + "):");
            out.print(answer);
            if (changesSettings) {
                out.println(OPEN_SOCKETS_NOTE);
            }
            String dynamicLoading = dynamicLoadingNote(loaded);
            if (dynamicLoading != null) {
                out.println(dynamicLoading);
            }
            if (changesSettings && loaded.sharing && firstLoadAtRunTime(answer)) {
                out.println(SHARING_NOTE);
            }
            if (changesSettings) {
                List<String> refused = RefusedParts.in(answer, Arrays.asList(settings.isEmpty() ? new String[0] : settings.split(",")));
                if (!refused.isEmpty()) {
                    err.println("sockbuf: JVM " + pid + " took this request except " + (refused.size() == 1 ? "this part" : "these parts")
                            + " (exit code " + PARTLY_REFUSED + "):");
                    for (String part : refused) {
                        err.println("  " + part);
                    }
                    return PARTLY_REFUSED;
                }
            }
            return OK;
        } catch (BoundedWait.TimedOut e) {
            err.println("sockbuf: " + progress.gaveUp(pid, timeout, changesSettings));
            return TIMED_OUT;
        } catch (TargetJvm.AttachFailure e) {
            err.println("sockbuf: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("sockbuf: " + e);
            return FAILED;
        } finally {
            if (directory != null) {
                directory.delete();
            }
        }
    }

    /**
     * JEP 451, for a target on JDK 21+ only (older ones print nothing): what it printed, or that the
     * flag allowed it silently. Null for older targets.
     */
    static String dynamicLoadingNote(TargetJvm.Loaded loaded) {
        if (loaded.feature < 21) {
            return null;
        }
        if (loaded.dynamicLoadingEnabled) {
            return "That JVM runs with -XX:+EnableDynamicAgentLoading, so loading the agent at run time printed no warning there.";
        }
        return "JDK 21 and newer print a warning when an agent is loaded into a running JVM (JEP 451); that JVM (Java "
                + loaded.javaVersion + ") printed it on its stderr. Start it with -XX:+EnableDynamicAgentLoading to allow"
                + " this without the warning.";
    }

    /**
     * The answer of the agent's first load into a running JVM: its first attach, or the first attach
     * into a JVM started with -javaagent. The target prints the sharing warning at every load; the
     * CLI explains it once, there. ({@code status} loads are not counted by the agent.)
     */
    static boolean firstLoadAtRunTime(String answer) {
        return answer.contains("started by:  attach (agentmain); loaded 1 time")
                || answer.contains("started by:  -javaagent (premain); loaded 2 times");
    }

    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.append(' ').toString();
    }
}
