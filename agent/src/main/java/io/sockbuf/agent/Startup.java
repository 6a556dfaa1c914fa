package io.sockbuf.agent;

import io.sockbuf.agent.bridge.SocketSizer;
import io.sockbuf.agent.cli.AgentCommand;
import io.sockbuf.agent.cli.RunningAgent;
import io.sockbuf.agent.config.AgentArguments;
import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.config.SettingsReader;
import io.sockbuf.agent.config.Version;
import io.sockbuf.agent.install.HookInstaller;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.log.SocketEvents;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the settings, reports them, and installs the hooks. Runs in the boot loader.
 *
 * <p>The agent can be loaded more than once into a JVM ({@code -javaagent} twice, {@code -javaagent}
 * and then {@code attach}, {@code attach} again) and its settings can change through JMX. The
 * hooks are installed once; every later load re-reads the settings, with its agent arguments first
 * and the earlier loads' arguments after them, and hands them to {@link SocketSizer} for sockets
 * opened from then on. The log's level, file and format stay as the first start set them.
 */
public final class Startup {

    private static final String RECV = "recv";
    /** Warnings about the settings written per load; a huge bad value must not flood the log. */
    static final int WARNINGS_SHOWN = 10;
    /** How long the exit summary may take at most: a blocked stderr must not hold up JVM exit. */
    private static final long EXIT_SUMMARY_MILLIS = 300;
    private static final String SEND = "send";

    private static boolean started;
    private static Instrumentation instrumentation;
    /** The agent arguments in effect: every load's, later ones first (key=value entries, comma-separated). */
    private static String arguments;
    private static Settings settings;
    /** Created with the first sizes; its level and counters stay for the life of the JVM. */
    private static SocketEvents log;
    private static boolean hooksInstalled;
    private static String startedBy;
    private static int loads;
    private static int updates;
    private static boolean jmxRegistered;
    /** recv/send values that came from a JMX write, shown as such until a later load sets them. */
    private static final Map<String, String> jmxOrigins = new LinkedHashMap<>();
    private static final Set<String> warned = new HashSet<>();
    /** Where the mode came from at the first start: the mode cannot change later (see update). */
    private static String firstModeOrigin;

    private Startup() {
    }

    /**
     * @param agentArguments what followed {@code =} in {@code -javaagent:sockbuf-agent.jar=...}, or
     *                       what {@code attach} passed to loadAgent; null when nothing
     * @param appendedJar the agent jar when it had to be appended to the boot class path at run
     *                    time (it was renamed), else null
     * @param attached true from {@code agentmain}: the JVM was already running
     */
    public static synchronized void start(String agentArguments, Instrumentation instrumentation, File appendedJar, boolean attached) {
        AgentCommand command = null;
        if (agentArguments != null && agentArguments.contains(AgentCommand.MARKER)) {
            command = AgentCommand.parse(agentArguments);
            agentArguments = command.agentArguments();
            if (command.statusOnly()) {
                command.reply(RunningAgent.status());
                return;
            }
        }
        loads++;
        String done;
        if (started) {
            done = update(agentArguments, null, loads == 2 ? "the agent was loaded a second time" : "the agent was loaded again (load " + loads + ")");
        } else {
            done = firstStart(agentArguments, instrumentation, appendedJar, attached);
        }
        if (command != null) {
            command.reply(done + RunningAgent.status());
        }
    }

    private static String firstStart(String agentArguments, Instrumentation instrumentation, File appendedJar, boolean attached) {
        started = true;
        Startup.instrumentation = instrumentation;
        arguments = agentArguments;
        startedBy = attached ? "attach (agentmain)" : "-javaagent (premain)";
        String version = version();
        settings = SettingsReader.fromJvm(agentArguments);
        firstModeOrigin = settings.origin("mode");
        String logFileProblem = Log.configure(settings.logFile(), settings.logAsJson());
        if (logFileProblem != null) {
            Log.warn(logFileProblem);
        }
        RunningAgent.logInUse(logFileProblem == null ? settings.logFile() : null, settings.logAsJson());
        StringBuilder done = new StringBuilder();
        warnOnce(settings.warnings(), done);
        for (String warning : StartupChecks.warnings(JvmOptions.ofThisJvm())) {
            Log.warn(warning);
            done.append("warning: ").append(warning).append('\n');
        }
        if (appendedJar != null) {
            Log.warn("the agent jar is named " + appendedJar.getName() + " instead of sockbuf-agent.jar, so the"
                    + " manifest's Boot-Class-Path missed it and it was added to the boot class path at run time; on"
                    + " JDK 17+ that stops class-data sharing for application classes (slower start). Rename it to sockbuf-agent.jar.");
        }
        if (!settings.needsHooks()) {
            Log.info(version + ": no buffer size configured (sockbuf.recv, sockbuf.send); sockets are left alone.");
            done.append("started: no buffer size configured (recv, send); sockets are left alone.\n");
        } else {
            KernelLimits kernel = KernelLimits.read();
            log = new SocketEvents(settings.logLevel(), kernel);
            if (log.logsStartup()) {
                Log.info(version + ": recv " + describe(settings.receiveBuffer(), settings.receiveOrigin(), true, settings.mode())
                        + ", send " + describe(settings.sendBuffer(), settings.sendOrigin(), false, settings.mode())
                        + (settings.rules().isEmpty() ? "" : ", rules " + settings.rules().summary() + " (" + settings.rules().origin() + ", first match wins"
                                + rulesInMode(settings.mode()) + ")")
                        + (settings.mode() == Mode.APPLY ? "" : ", mode " + settings.mode().label())
                        + "; " + kernel.describe() + "; log level " + settings.logLevel().name().toLowerCase());
            }
            String autotuningNote = kernel.autotuningNote(settings.receiveBuffer());
            if (log.logsStartup() && setsReceive(settings.mode()) && settings.receiveBuffer() != Settings.UNSET && autotuningNote != null) {
                Log.info(autotuningNote);
            }
            installHooks();
            done.append("started: hooks installed; recv ").append(describe(settings.receiveBuffer(), settings.receiveOrigin(), true, settings.mode()))
                    .append(", send ").append(describe(settings.sendBuffer(), settings.sendOrigin(), false, settings.mode())).append(".\n");
            if (attached && log.logsStartup()) {
                Log.info("loaded into a running JVM: sockets already open keep their sizes and TCP window scale;"
                        + " only sockets opened from now on get these sizes.");
            }
        }
        // premain: the application has not started yet; registering in the background keeps the
        // cost of the platform MBean server off the JVM's start (see io.sockbuf.agent.jmx.Jmx).
        jmx(!attached, done);
        record();
        return done.toString();
    }

    /**
     * Applies settings changed at run time: a later agent load ({@code attach}, a second
     * {@code -javaagent}) or a JMX write. New sockets get them; the hooks are installed at most once.
     *
     * @param entries    agent-argument entries that take precedence over every earlier load, e.g. {@code recv=64k}
     * @param jmxOrigin  for a JMX write, how to show where the value came from ({@code JMX ReceiveBuffer=64k}), else null
     * @param cause      the start of the log line: what happened
     * @return what was done, one line per step, for the CLI's answer
     */
    public static synchronized String update(String entries, String jmxOrigin, String cause) {
        if (!started) {
            return "the agent is not running in this JVM.\n";
        }
        Map<String, String> newer = AgentArguments.entries(entries);
        for (String key : newer.keySet()) {
            if (jmxOrigin != null) {
                jmxOrigins.put(key, jmxOrigin);
            } else {
                jmxOrigins.remove(key);
            }
        }
        arguments = AgentArguments.merge(newer, AgentArguments.entries(arguments));
        Settings previous = settings;
        settings = SettingsReader.fromJvm(arguments);
        StringBuilder done = new StringBuilder();
        warnOnce(broughtBy(newer.keySet(), settings.warnings(), previous.warnings()), done);
        if (previous.logLevel() != settings.logLevel() || previous.logAsJson() != settings.logAsJson()
                || !same(previous.logFile(), settings.logFile())) {
            String note = "the log's level, file and format stay as at the first start (log=" + previous.logLevel().name().toLowerCase()
                    + (previous.logFile() == null ? "" : ", log.file=" + previous.logFile())
                    + (previous.logAsJson() ? ", log.format=json" : "") + "); restart the JVM to change them.";
            Log.warn(note);
            done.append("note: ").append(note).append('\n');
        }
        if (hooksInstalled && previous.mode() != settings.mode()) {
            // The setOption hooks of override/observe/auto are woven (or not) at the first start.
            String note = "the mode stays " + previous.mode().label() + " as at the first start (the hooks for it are woven then);"
                    + " restart the JVM to use " + settings.mode().label() + ".";
            Log.warn(note);
            done.append("note: ").append(note).append('\n');
            settings = settings.withMode(previous.mode(), firstModeOrigin + ", kept from the first start; "
                    + settings.origin("mode") + " takes a restart");
        }
        boolean installing = settings.needsHooks() && !hooksInstalled;
        if (installing && log == null) {
            log = new SocketEvents(previous.logLevel(), KernelLimits.read());
        }
        if (installing) {
            installHooks();
        } else {
            SocketSizer.configure(settings, log);
        }
        updates++;
        String line = cause + "; " + (installing ? "hooks installed" : "its hooks are installed once and stay")
                + "; settings updated: recv " + describe(settings.receiveBuffer(), origin(RECV, settings.receiveOrigin()), true, settings.mode())
                + ", send " + describe(settings.sendBuffer(), origin(SEND, settings.sendOrigin()), false, settings.mode())
                + (settings.rules().isEmpty() ? "" : ", rules " + settings.rules().summary() + rulesInMode(settings.mode()))
                + ", mode " + settings.mode().label()
                + "; sockets already open keep their sizes and TCP window scale, only sockets opened from now on get these.";
        if (log == null || log.logsStartup()) {
            Log.info(line);
        }
        done.append(line).append('\n');
        jmx(false, done);
        record();
        return done.toString();
    }

    private static void installHooks() {
        SocketSizer.configure(settings, log);
        HookInstaller.install(instrumentation, settings.mode());
        Runtime.getRuntime().addShutdownHook(new ExitSummary(log));
        hooksInstalled = true;
    }

    /** Registers or removes the MBean as sockbuf.jmx says; javax.management is only touched when it is on. */
    private static void jmx(boolean inBackground, StringBuilder done) {
        if (settings.jmx() && !jmxRegistered) {
            jmxRegistered = true;
            if (inBackground) {
                io.sockbuf.agent.jmx.Jmx.registerInBackground();
                done.append("jmx: registering the MBean sockbuf:type=Agent\n");
            } else {
                done.append("jmx: ").append(io.sockbuf.agent.jmx.Jmx.register()).append('\n');
            }
        } else if (!settings.jmx() && jmxRegistered) {
            jmxRegistered = false;
            done.append("jmx: ").append(io.sockbuf.agent.jmx.Jmx.unregister()).append('\n');
        }
    }

    private static void record() {
        RunningAgent.record(settings, log, arguments, origin(RECV, settings.receiveOrigin()), origin(SEND, settings.sendOrigin()),
                hooksInstalled, startedBy, loads, updates);
    }

    private static String origin(String key, String fromSettings) {
        String fromJmx = jmxOrigins.get(key);
        return fromJmx != null ? fromJmx : fromSettings;
    }

    /**
     * The warnings a later load brought: those about the keys it set (even when an earlier load made
     * the same mistake), and any the earlier settings did not have. A refused key of one attach is
     * therefore not warned about again by every later attach.
     */
    static List<String> broughtBy(Set<String> keysOfThisLoad, List<String> warnings, List<String> earlierWarnings) {
        List<String> brought = new ArrayList<>();
        for (String warning : warnings) {
            if (!earlierWarnings.contains(warning) || aboutOneOf(keysOfThisLoad, warning)) {
                brought.add(warning);
            }
        }
        return brought;
    }

    /** Warnings about an agent argument start with "agent argument KEY" (see AgentArgumentSource.describe). */
    private static boolean aboutOneOf(Set<String> keys, String warning) {
        for (String key : keys) {
            String prefix = "agent argument " + key;
            if (warning.startsWith(prefix) && (warning.length() == prefix.length()
                    || " =:".indexOf(warning.charAt(prefix.length())) >= 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each warning once per JVM in the log, however often the settings are re-read, and at most
     * {@value #WARNINGS_SHOWN} per load in the log and in the CLI's answer, then how many more.
     */
    private static void warnOnce(List<String> warnings, StringBuilder done) {
        int shown = 0;
        int more = 0;
        for (String warning : warnings) {
            RunningAgent.settingsProblem(warning);
            if (shown == WARNINGS_SHOWN) {
                more++;
                continue;
            }
            shown++;
            if (warned.add(warning)) {
                Log.warn(warning);
            }
            done.append("warning: ").append(warning).append('\n');
        }
        if (more > 0) {
            String line = "... and " + more + " more warnings about the settings (not shown; fix the ones above and restart to see them).";
            Log.warn(line);
            done.append("warning: ").append(line).append('\n');
        }
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /**
     * One direction for the startup and update lines, saying what the mode does with it: observe
     * applies nothing, auto applies send and leaves recv to autotuning (see SocketSizer).
     */
    private static String describe(int bytes, String origin, boolean receive, Mode mode) {
        if (bytes == Settings.UNSET) {
            return origin == null ? "unchanged" : "left alone (" + origin + ")";
        }
        String size = bytes + " bytes (" + origin + ")";
        if (mode == Mode.OBSERVE) {
            return size + " not applied: observe mode only reports";
        }
        if (receive && mode == Mode.AUTO) {
            return size + " not applied: auto mode leaves receive buffers to autotuning";
        }
        return size;
    }

    private static String rulesInMode(Mode mode) {
        return mode == Mode.OBSERVE ? "; not applied: observe mode only reports"
                : mode == Mode.AUTO ? "; their recv not applied in auto mode, their send applied" : "";
    }

    /** Whether the agent sets SO_RCVBUF in this mode (not in observe, nor in auto). */
    private static boolean setsReceive(Mode mode) {
        return mode == Mode.APPLY || mode == Mode.OVERRIDE;
    }

    private static String version() {
        return "sockbuf " + Version.TEXT + " on Java " + System.getProperty("java.version");
    }

    /** Writes the exit summary, waiting at most {@link #EXIT_SUMMARY_MILLIS} for it to be written. */
    private static final class ExitSummary extends Thread {
        private final SocketEvents log;

        ExitSummary(SocketEvents log) {
            super("sockbuf-exit-summary");
            this.log = log;
        }

        @Override
        public void run() {
            try {
                log.writeSummary();
                Log.awaitWritten(EXIT_SUMMARY_MILLIS);
            } catch (Throwable ignored) {
                // nothing to report it to at exit
            }
        }
    }
}
