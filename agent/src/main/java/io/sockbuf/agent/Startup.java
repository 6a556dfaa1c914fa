package io.sockbuf.agent;

import io.sockbuf.agent.bridge.SocketSizer;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.config.SettingsReader;
import io.sockbuf.agent.install.HookInstaller;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.SocketLog;

import java.lang.instrument.Instrumentation;

/** Reads the settings, reports them, and installs the hooks. Runs in the boot loader. */
public final class Startup {

    private static boolean started;

    private Startup() {
    }

    /**
     * @param bootPathNote why the agent had to append itself to the boot class path, or null
     */
    public static synchronized void start(Instrumentation instrumentation, String bootPathNote) {
        if (started) {
            SocketLog.warn("the agent was loaded a second time; its hooks are installed once and the first settings stay.");
            return;
        }
        started = true;
        Settings settings = SettingsReader.fromSystemProperties();
        for (String warning : settings.warnings()) {
            SocketLog.warn(warning);
        }
        if (bootPathNote != null) {
            SocketLog.warn(bootPathNote);
        }
        if (!settings.sizesAnything()) {
            SocketLog.info(version() + ": no buffer size configured (-Dsockbuf.recv, -Dsockbuf.send); sockets are left alone.");
            return;
        }
        KernelLimits kernel = KernelLimits.read();
        SocketLog log = new SocketLog(settings.logLevel(), kernel);
        if (log.logsStartup()) {
            SocketLog.info(version() + ": recv " + describe(settings.receiveBuffer(), settings.receiveOrigin())
                    + ", send " + describe(settings.sendBuffer(), settings.sendOrigin())
                    + "; " + kernel.describe() + "; log level " + settings.logLevel().name().toLowerCase());
        }
        // Shading rewrites this string to the relocated property name, the only one our Byte Buddy
        // reads. "safe" keeps it from sun.misc.Unsafe (JDK 24+ warns) and makes its first use cheaper.
        System.setProperty("net.bytebuddy.safe", "true");
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
