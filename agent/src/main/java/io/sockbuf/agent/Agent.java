package io.sockbuf.agent;

import io.sockbuf.agent.proc.JvmOptions;
import io.sockbuf.agent.bridge.SocketSizer;
import io.sockbuf.agent.config.AgentArgumentSource;
import io.sockbuf.agent.config.ConfigSource;
import io.sockbuf.agent.config.Key;
import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.RuntimeOverrides;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.config.SettingsReader;
import io.sockbuf.agent.config.Version;
import io.sockbuf.agent.control.AgentCommand;
import io.sockbuf.agent.control.AgentControl;
import io.sockbuf.agent.control.AgentState;
import io.sockbuf.agent.control.StatusReport;
import io.sockbuf.agent.install.HookInstaller;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.log.SocketEvents;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent in this JVM: its first load, every later load ({@code -javaagent} twice, {@code attach},
 * {@code attach} again) and settings changed through JMX. Owns the one {@link AgentState}, replaced
 * whole under this class's lock and read without it. Runs in the boot loader.
 *
 * <p>The hooks are installed once; every later load re-reads the settings with what it set ahead of
 * what earlier loads set ({@link RuntimeOverrides}) and hands them to {@link SocketSizer} for
 * sockets opened from then on. The log's level, file and format and the mode stay as the first
 * start set them. Every load returns a {@link LoadReport}: the log lines and the CLI's reply.
 */
public final class Agent {

    /** How long the exit summary may take at most: a blocked stderr must not hold up JVM exit. */
    private static final long EXIT_SUMMARY_MILLIS = 300;

    private static volatile AgentState state;

    private Agent() {
    }

    /** The state now; null before the first load. */
    public static AgentState state() {
        return state;
    }

    /**
     * @param arguments   what followed {@code =} in {@code -javaagent:sockbuf-agent.jar=...}, or what
     *                    {@code attach} passed to loadAgent; null when nothing
     * @param appendedJar the agent jar when it had to be appended to the boot class path at run time
     *                    (it was renamed), else null
     * @param attached    true from {@code agentmain}: the JVM was already running
     */
    public static synchronized void load(String arguments, Instrumentation instrumentation, File appendedJar, boolean attached) {
        AgentCommand command = null;
        if (arguments != null && arguments.contains(AgentCommand.MARKER)) {
            command = AgentCommand.parse(arguments);
            arguments = command.agentArguments();
            if (command.statusOnly()) {
                command.reply(StatusReport.of(state));
                return;
            }
        }
        AgentArgumentSource thisLoad = new AgentArgumentSource(arguments);
        LoadReport report;
        if (state == null) {
            report = firstLoad(thisLoad, instrumentation, appendedJar, attached);
        } else {
            int loads = state.loads + 1;
            report = laterLoad(state.overrides.with(thisLoad), new HashSet<>(thisLoad.keys()), thisLoad.problems(),
                    loads == 2 ? "the agent was loaded a second time" : "the agent was loaded again (load " + loads + ")", true, !attached);
        }
        if (command != null) {
            command.reply(report.reply() + StatusReport.of(state));
        }
    }

    private static LoadReport firstLoad(AgentArgumentSource thisLoad, Instrumentation instrumentation, File appendedJar, boolean attached) {
        AgentState.Change next = AgentState.first(instrumentation, attached ? "attach (agentmain)" : "-javaagent (premain)", thisLoad);
        next.loads = 1;
        Settings settings = read(next.overrides, thisLoad);
        next.settings = settings;
        next.firstModeOrigin = settings.origin(Key.MODE);
        LoadReport report = new LoadReport(next.warned);
        String logFileProblem = Log.configure(settings.logFile(), settings.logAsJson());
        if (logFileProblem != null) {
            report.logOnly(logFileProblem, true);
        }
        next.logFile = logFileProblem == null ? settings.logFile() : null;
        next.logAsJson = settings.logAsJson();
        report.settingsWarnings(with(thisLoad.problems(), settings.warnings()));
        for (String warning : StartupChecks.warnings(JvmOptions.ofThisJvm())) {
            report.warning(warning);
        }
        if (appendedJar != null) {
            report.logOnly("the agent jar is named " + appendedJar.getName() + " instead of sockbuf-agent.jar, so the"
                    + " manifest's Boot-Class-Path missed it and it was added to the boot class path at run time; on"
                    + " JDK 17+ that stops class-data sharing for application classes (slower start). Rename it to sockbuf-agent.jar.", true);
        }
        String version = "sockbuf " + Version.TEXT + " on Java " + System.getProperty("java.version");
        if (!settings.needsHooks()) {
            report.logOnly(version + ": no buffer size configured (sockbuf.recv, sockbuf.send); sockets are left alone.", false);
            report.replyOnly("started: no buffer size configured (recv, send); sockets are left alone.");
        } else {
            KernelLimits kernel = KernelLimits.read();
            next.log = new SocketEvents(settings.logLevel(), kernel);
            boolean logsStartup = next.log.logsStartup();
            String sizes = "recv " + describe(settings.receiveBuffer(), settings.receiveOrigin(), true, settings.mode())
                    + ", send " + describe(settings.sendBuffer(), settings.sendOrigin(), false, settings.mode());
            if (logsStartup) {
                report.logOnly(version + ": " + sizes
                        + (settings.rules().isEmpty() ? "" : ", rules " + settings.rules().summary() + " (" + settings.rules().origin()
                                + ", first match wins" + rulesInMode(settings.mode()) + ")")
                        + (settings.mode() == Mode.APPLY ? "" : ", mode " + settings.mode().label())
                        + "; " + kernel.describe() + "; log level " + settings.logLevel().name().toLowerCase(), false);
            }
            String autotuningNote = kernel.autotuningNote(settings.receiveBuffer());
            if (logsStartup && setsReceive(settings.mode()) && settings.receiveBuffer() != Settings.UNSET && autotuningNote != null) {
                report.logOnly(autotuningNote, false);
            }
            installHooks(next, !attached);
            report.replyOnly("started: hooks installed; " + sizes + ".");
            if (attached && logsStartup) {
                report.logOnly("loaded into a running JVM: sockets already open keep their sizes and TCP window scale;"
                        + " only sockets opened from now on get these sizes.", false);
            }
        }
        next.lastSettingsProblem = report.lastProblem();
        next.jmxOn = settings.jmx();
        state = next.done();
        // premain: the application has not started yet; registering in the background keeps the
        // cost of the platform MBean server off the JVM's start (see control.jmx.Jmx).
        jmx(false, !attached, report);
        return report;
    }

    /**
     * Applies settings changed at run time: a later agent load or a JMX write. New sockets get them;
     * the hooks are installed at most once.
     *
     * @param overrides     everything set at run time so far, this change included
     * @param keysOfThisLoad the keys this change set (their warnings are repeated even when an earlier load had them)
     * @param problems      what was wrong with the form of this load's arguments
     * @param cause         the start of the log line: what happened
     * @param counted       whether this is an agent load (counted in "loaded N times") rather than a JMX write
     * @param inPremain     whether the JVM is calling premain now ({@code -javaagent} given twice): no application socket exists yet
     */
    private static LoadReport laterLoad(RuntimeOverrides overrides, Set<String> keysOfThisLoad, List<String> problems, String cause,
                                        boolean counted, boolean inPremain) {
        AgentState previousState = state;
        AgentState.Change next = previousState.change();
        Settings previous = previousState.settings;
        next.overrides = overrides;
        if (counted) {
            next.loads++;
        }
        Settings settings = read(overrides, previousState.firstLoad);
        LoadReport report = new LoadReport(next.warned);
        report.settingsWarnings(with(problems, LoadReport.broughtBy(keysOfThisLoad, settings.warnings(), previous.warnings())));
        if (previous.logLevel() != settings.logLevel() || previous.logAsJson() != settings.logAsJson()
                || !same(previous.logFile(), settings.logFile())) {
            report.note("the log's level, file and format stay as at the first start (log=" + previous.logLevel().name().toLowerCase()
                    + (previous.logFile() == null ? "" : ", log.file=" + previous.logFile())
                    + (previous.logAsJson() ? ", log.format=json" : "") + "); restart the JVM to change them.");
        }
        if (previousState.hooksInstalled && previous.mode() != settings.mode()) {
            // One mode for the JVM's life: the sockets counted so far were counted under it.
            report.note("the mode stays " + previous.mode().label() + " as at the first start (one mode for the JVM's life);"
                    + " restart the JVM to use " + settings.mode().label() + ".");
            settings = settings.withMode(previous.mode(), previousState.firstModeOrigin + ", kept from the first start; "
                    + settings.origin(Key.MODE) + " takes a restart");
        }
        next.settings = settings;
        boolean installing = settings.needsHooks() && !previousState.hooksInstalled;
        if (installing && next.log == null) {
            next.log = new SocketEvents(previous.logLevel(), KernelLimits.read());
        }
        if (installing) {
            installHooks(next, inPremain);
        } else {
            SocketSizer.configure(settings, next.log);
        }
        next.updates++;
        report.done(cause + "; " + (installing ? "hooks installed" : "its hooks are installed once and stay")
                + "; settings updated: recv " + describe(settings.receiveBuffer(), settings.receiveOrigin(), true, settings.mode())
                + ", send " + describe(settings.sendBuffer(), settings.sendOrigin(), false, settings.mode())
                + (settings.rules().isEmpty() ? "" : ", rules " + settings.rules().summary() + rulesInMode(settings.mode()))
                + ", mode " + settings.mode().label()
                + "; sockets already open keep their sizes and TCP window scale, only sockets opened from now on get these.",
                next.log == null || next.log.logsStartup());
        if (report.lastProblem() != null) {
            next.lastSettingsProblem = report.lastProblem();
        }
        boolean jmxWasOn = next.jmxOn;
        next.jmxOn = settings.jmx();
        state = next.done();
        jmx(jmxWasOn, false, report);
        return report;
    }

    /** A JMX write: one key set at run time, ahead of every earlier setting of it. */
    static synchronized void set(Key key, String value, String describedAs, String cause) {
        if (state == null) {
            return;
        }
        Set<String> keys = new HashSet<>();
        keys.add(key.key());
        laterLoad(state.overrides.with(key, value, describedAs), keys, new ArrayList<String>(), cause, false, false);
    }

    /** Settings from what was set at run time, the first load's arguments, then the JVM's own sources. */
    private static Settings read(RuntimeOverrides overrides, AgentArgumentSource firstLoad) {
        List<ConfigSource> first = new ArrayList<>();
        first.add(overrides);
        first.add(firstLoad);
        return SettingsReader.read(SettingsReader.withJvmSources(first));
    }

    private static void installHooks(AgentState.Change next, boolean inPremain) {
        SocketSizer.configure(next.settings, next.log);
        HookInstaller.install(next.instrumentation, inPremain, next.log.kernel().onLinux());
        Runtime.getRuntime().addShutdownHook(new ExitSummary(next.log));
        next.hooksInstalled = true;
    }

    /** Registers or removes the MBean as sockbuf.jmx says; javax.management is only touched when it is on. */
    private static void jmx(boolean wasOn, boolean inBackground, LoadReport report) {
        boolean on = state.jmxOn;
        if (on && !wasOn) {
            if (inBackground) {
                io.sockbuf.agent.control.jmx.Jmx.registerInBackground(new Control());
                report.replyOnly("jmx: registering the MBean sockbuf:type=Agent");
            } else {
                report.replyOnly("jmx: " + io.sockbuf.agent.control.jmx.Jmx.register(new Control()));
            }
        } else if (!on && wasOn) {
            report.replyOnly("jmx: " + io.sockbuf.agent.control.jmx.Jmx.unregister(new Control()));
        }
    }

    /** The JMX registration's outcome (possibly from its background thread). */
    private static synchronized void jmxOutcome(String outcome, String problem) {
        AgentState.Change next = state.change();
        next.jmx = outcome;
        if (problem != null) {
            next.lastSettingsProblem = problem;
        }
        state = next.done();
    }

    private static synchronized void refused(String problem) {
        if (state != null) {
            AgentState.Change next = state.change();
            next.lastSettingsProblem = problem;
            state = next.done();
        }
    }

    private static List<String> with(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
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

    /** The agent as the MBean sees it; made only when JMX is on. */
    private static final class Control implements AgentControl {
        @Override
        public AgentState state() {
            return state;
        }

        @Override
        public void set(Key key, String value, String describedAs, String cause) {
            Agent.set(key, value, describedAs, cause);
        }

        @Override
        public void refused(String problem) {
            Agent.refused(problem);
        }

        @Override
        public void jmx(String outcome, String problem) {
            jmxOutcome(outcome, problem);
        }
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
