package io.sockbuf.agent;

import io.sockbuf.agent.bridge.SocketSizer;
import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.config.SettingsReader;
import io.sockbuf.agent.install.HookInstaller;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.LogSink;
import io.sockbuf.agent.log.SocketLog;

import java.io.File;
import java.lang.instrument.Instrumentation;

/** Reads the settings, reports them, and installs the hooks. Runs in the boot loader. */
public final class Startup {

    private static boolean started;

    private Startup() {
    }

    /**
     * @param agentArguments what followed {@code =} in {@code -javaagent:sockbuf-agent.jar=...}, or null
     * @param appendedJar the agent jar when it had to be appended to the boot class path at run
     *                    time (it was renamed), else null
     */
    public static synchronized void start(String agentArguments, Instrumentation instrumentation, File appendedJar) {
        if (started) {
            SocketLog.warn("the agent was loaded a second time; its hooks are installed once and the first settings stay.");
            return;
        }
        started = true;
        // Also defines our package in the boot loader, which reads the jar's manifest through
        // Files.newInputStream. On JDK 25 that loads sun.nio.ch.SocketChannelImpl: done here, before
        // the hooks exist, it cannot happen first inside the weaving of that very class.
        String version = version();
        Settings settings = SettingsReader.fromJvm(agentArguments);
        String logFileProblem = LogSink.configure(settings.logFile(), settings.logAsJson());
        if (logFileProblem != null) {
            System.err.println("[sockbuf] WARNING: " + logFileProblem);
        }
        for (String warning : settings.warnings()) {
            SocketLog.warn(warning);
        }
        if (appendedJar != null) {
            SocketLog.warn("the agent jar is named " + appendedJar.getName() + " instead of sockbuf-agent.jar, so the"
                    + " manifest's Boot-Class-Path missed it and it was added to the boot class path at run time; on"
                    + " JDK 17+ that stops class-data sharing for application classes (slower start). Rename it to sockbuf-agent.jar.");
        }
        if (!settings.sizesAnything()) {
            SocketLog.info(version + ": no buffer size configured (sockbuf.recv, sockbuf.send); sockets are left alone.");
            return;
        }
        KernelLimits kernel = KernelLimits.read();
        SocketLog log = new SocketLog(settings.logLevel(), kernel);
        if (log.logsStartup()) {
            SocketLog.info(version + ": recv " + describe(settings.receiveBuffer(), settings.receiveOrigin())
                    + ", send " + describe(settings.sendBuffer(), settings.sendOrigin())
                    + (settings.rules().isEmpty() ? "" : ", rules " + settings.rules() + " (" + settings.rules().origin() + ", first match wins)")
                    + (settings.mode() == Mode.APPLY ? "" : ", mode " + settings.mode().label())
                    + "; " + kernel.describe() + "; log level " + settings.logLevel().name().toLowerCase());
        }
        String autotuningNote = kernel.autotuningNote(settings.receiveBuffer());
        if (log.logsStartup() && settings.receiveBuffer() != Settings.UNSET && autotuningNote != null) {
            SocketLog.info(autotuningNote);
        }
        SocketSizer.configure(settings, log);
        HookInstaller.install(instrumentation);
        Runtime.getRuntime().addShutdownHook(new ExitSummary(log));
    }

    private static String describe(int bytes, String origin) {
        return bytes == Settings.UNSET ? "unchanged" : bytes + " bytes (" + origin + ")";
    }

    private static String version() {
        String version = Startup.class.getPackage().getImplementationVersion();
        return "sockbuf " + (version == null ? "(unknown version)" : version)
                + " on Java " + System.getProperty("java.version");
    }

    /** Writes the exit summary. Only formats counters, so it cannot hold up JVM exit. */
    private static final class ExitSummary extends Thread {
        private final SocketLog log;

        ExitSummary(SocketLog log) {
            super("sockbuf-exit-summary");
            this.log = log;
        }

        @Override
        public void run() {
            try {
                log.writeSummary();
            } catch (Throwable ignored) {
                // stderr may be closed at exit; nothing to report it to.
            }
        }
    }
}
