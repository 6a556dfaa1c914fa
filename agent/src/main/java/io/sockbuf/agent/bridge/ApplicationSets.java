package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.SocketLog;

import java.net.SocketImpl;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the override, observe and auto modes do when the application (or a library) sets
 * SO_RCVBUF / SO_SNDBUF itself. Reports are written once per call site; the set of call sites
 * seen is bounded (code locations, not sockets).
 */
final class ApplicationSets {

    /** Marks the agent's own setOption calls, which go through the same hooked methods. */
    static final ThreadLocal<Boolean> AGENT_IS_SETTING = new ThreadLocal<>();

    private static final int MAX_CALL_SITES = 256;
    private static final ConcurrentHashMap<String, Boolean> REPORTED = new ConcurrentHashMap<>();

    private ApplicationSets() {
    }

    /** {@code SocketOptions.SO_RCVBUF} and friends (java.net impls): TRUE receive, FALSE send, null another option. */
    static Boolean bufferOption(int option) {
        return option == SocketOptions.SO_RCVBUF ? Boolean.TRUE : option == SocketOptions.SO_SNDBUF ? Boolean.FALSE : null;
    }

    static Boolean bufferOption(Object option) {
        return option == StandardSocketOptions.SO_RCVBUF ? Boolean.TRUE : option == StandardSocketOptions.SO_SNDBUF ? Boolean.FALSE : null;
    }

    /**
     * Returns the value to set instead, or {@link SocketSizer#SKIP} to set nothing.
     *
     * @param kind the socket's role when the hook knows it (java.net impls), else null (read from the channel)
     */
    static Object handle(Settings settings, SocketLog log, Object socket, SocketKind kind, Boolean receive, Object value) {
        if (receive == null || settings == null || log == null || AGENT_IS_SETTING.get() != null) {
            return value;
        }
        String option = receive ? "SO_RCVBUF" : "SO_SNDBUF";
        Mode mode = settings.mode();
        if ((mode == Mode.OVERRIDE || mode == Mode.AUTO) && LeftToTheJdk.appliesTo(socket, value)) {
            return value;
        }
        if (mode == Mode.OVERRIDE) {
            int configured = SocketSizer.sizeFor(ruleAtCreation(settings, socket, kind), settings, receive);
            if (configured == Settings.UNSET) {
                return value;
            }
            report(log, false, "override: the application's " + option + "=" + value + " at %s is replaced by " + configured);
            return Integer.valueOf(configured);
        }
        if (mode == Mode.AUTO && receive) {
            report(log, false, "auto: the application's " + option + "=" + value
                    + " at %s is dropped, so Linux keeps autotuning the receive buffer");
            return SocketSizer.SKIP;
        }
        // observe: the set goes through as it is; afterSet reports it with the sizes in force
        return value;
    }

    /** Application sets reported with their call site at info; beyond that only counted (a stack walk each). */
    private static final int MAX_WALKED_AT_INFO = 1024;
    private static final java.util.concurrent.atomic.AtomicInteger WALKED = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * After the application's own SO_RCVBUF/SO_SNDBUF went through (every mode): unless the agent
     * replaced the value (override), that size is in force. Its socket gets an {@code application-set}
     * event with the sizes it holds now, and its count moves from the agent's outcome to
     * "application". Nothing is kept per socket: whether the socket was already counted as the
     * application's is told by its other direction (see {@link ApplicationSetEarlier}).
     *
     * @param kind the socket's role when the hook knows it (java.net impls: listener or not), else null
     */
    static void afterSet(Settings settings, SocketLog log, Object socket, SocketKind kind, boolean receive, Object value)
            throws Exception {
        if (settings == null || log == null || AGENT_IS_SETTING.get() != null || !(value instanceof Integer)) {
            return;
        }
        SocketKind role = kind != null ? kind : socket instanceof java.net.DatagramSocketImpl ? SocketKind.UDP : ChannelKinds.of(socket);
        if (role == null) {
            return; // Unix-domain: no TCP window
        }
        boolean connected = role != SocketKind.TCP_LISTENER && role != SocketKind.UDP && isConnected(socket);
        if (role == SocketKind.TCP_CLIENT && connected) {
            // Stateless, a connected java.net impl or channel cannot tell whether it was accepted or
            // connected itself; servers set sizes after accept, clients before connect (see docs/who-set-it.md).
            role = SocketKind.TCP_ACCEPTED;
        }
        Mode mode = settings.mode();
        Rule rule = settings.rules().match(role.role(), null);
        boolean leftToTheJdk = LeftToTheJdk.appliesTo(socket, value);
        if (!leftToTheJdk && (mode == Mode.OVERRIDE && SocketSizer.sizeFor(rule, settings, receive) != Settings.UNSET
                || mode == Mode.AUTO && receive)) {
            return; // the agent's size replaced the application's (reported at entry)
        }
        boolean debug = log.level() == io.sockbuf.agent.config.LogLevel.DEBUG;
        boolean walk = debug || log.logsStartup() && WALKED.get() < MAX_WALKED_AT_INFO && WALKED.incrementAndGet() <= MAX_WALKED_AT_INFO;
        boolean late = receive && connected;
        String callSite = walk || late ? callSite() : null;
        int requested = (Integer) value;

        BufferResult thisBefore = agentState(role, receive, rule, settings, BufferResult.UNKNOWN, true);
        BufferResult thisNow = BufferResult.byApplication(requested, SocketSizer.read(socket, receive), callSite);
        ApplicationSizes.seen(receive, thisNow.effective());
        if (role == SocketKind.TCP_LISTENER && receive) {
            InheritedReceive.applicationSetAListener(thisNow.effective());
        }
        boolean otherIsSet = receive ? role.setsSend() : role.setsReceive();
        int otherCurrent = otherIsSet || role == SocketKind.TCP_ACCEPTED ? SocketSizer.read(socket, !receive) : BufferResult.UNKNOWN;
        // an accepted socket's receive size: inherited (the agent's or not), or the application's, set after accept
        BufferResult otherBefore = otherIsSet ? agentState(role, !receive, rule, settings, otherCurrent, false)
                : role == SocketKind.TCP_ACCEPTED ? InheritedReceive.of(otherCurrent, settings)
                : BufferResult.untouched(otherCurrent, false);
        BufferResult otherNow = otherBefore;
        if (otherBefore == null) {
            otherNow = BufferResult.byApplication(Settings.UNSET, otherCurrent, null); // set by the application before
        }
        boolean write = debug || late || callSite != null && firstTime(role.label() + (receive ? " recv=" : " send=") + requested + " at " + callSite);
        BufferResult receiveNow = receive ? thisNow : otherNow;
        BufferResult sendNow = receive ? otherNow : thisNow;
        log.applicationSet(role, socket, receive, receiveNow, sendNow,
                otherBefore == null ? null : receive ? thisBefore : otherBefore,
                otherBefore == null ? null : receive ? otherBefore : thisBefore,
                write, connected, late && (debug || firstTime("late " + callSite)));
    }

    /**
     * One direction as the agent left it at creation, as it was counted then; null when its size
     * now shows that the application set it before (the socket was already counted as the application's).
     *
     * @param predicted true for the direction being set now, whose earlier size is gone: what the agent's request gets
     */
    private static BufferResult agentState(SocketKind role, boolean receive, Rule rule, Settings settings, int current, boolean predicted) {
        int requested = SocketSizer.sizeFor(rule, settings, receive);
        boolean setsIt = receive ? role.setsReceive() : role.setsSend();
        if (!setsIt || SocketSizer.agentLeavesAlone(settings.mode(), receive, requested)) {
            if (!predicted && setsIt && ApplicationSetEarlier.detected(role, receive, Settings.UNSET, current)
                    && ApplicationSizes.set(receive, current)) {
                return null;
            }
            return BufferResult.untouched(predicted ? KernelDefaults.fresh(role, receive) : current, false);
        }
        if (predicted) {
            return BufferResult.applied(requested, KernelDefaults.granted(requested, receive));
        }
        return ApplicationSetEarlier.detected(role, receive, requested, current) ? null : BufferResult.applied(requested, current);
    }

    private static boolean firstTime(String key) {
        return REPORTED.size() < MAX_CALL_SITES && REPORTED.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /**
     * The rule the agent applied at creation for this socket's role (one that needs no address),
     * so override replaces the application's size with it rather than the global size. A rule
     * that needs an address is applied again at connect/bind, over the application's set.
     */
    private static Rule ruleAtCreation(Settings settings, Object socket, SocketKind kind) {
        SocketKind role = kind;
        if (role == null) {
            try {
                role = ChannelKinds.of(socket);
            } catch (Exception e) {
                return null;
            }
        }
        return role == null ? null : settings.rules().match(role.role(), null);
    }

    private static boolean isConnected(Object socket) {
        try {
            if (socket instanceof SocketChannel) {
                return ((SocketChannel) socket).isConnected();
            }
            if (socket instanceof AsynchronousSocketChannel) {
                return ((AsynchronousSocketChannel) socket).getRemoteAddress() != null;
            }
            if (socket instanceof SocketImpl) {
                return SocketImplText.of(socket).connected();
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    /** Writes the message (with %s replaced by the calling frame) the first time for this call site. */
    private static void report(SocketLog log, boolean warning, String message) {
        String callSite = callSite();
        String key = message.substring(0, message.indexOf('=')) + callSite;
        if (REPORTED.size() >= MAX_CALL_SITES || REPORTED.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        String text = message.replace("%s", callSite);
        if (warning) {
            SocketLog.warn(text);
        } else if (log.logsStartup()) {
            SocketLog.info(text);
        }
    }

    /** The first frame of application code below the agent's own frames, which are on top (see {@link #isApplication}). */
    private static String callSite() {
        boolean belowTheAgent = false;
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            belowTheAgent |= !frame.getClassName().startsWith(AGENT_PACKAGE);
            if (belowTheAgent && isApplication(frame)) {
                return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "(JDK code)";
    }

    private static final String AGENT_PACKAGE = "io.sockbuf.agent.";

    /**
     * Not the JDK's (a java.* or jdk.* module, or the platform loader), not reflection's generated
     * accessors; the caller skips the agent's frames on top. A frame has no loader name
     * both for the boot loader and for a loader without a name (URLClassLoader, Spring Boot's):
     * the module and the class name tell them apart, so such an application's frame is found
     * rather than the launcher that called it by reflection.
     */
    static boolean isApplication(StackTraceElement frame) {
        String loader = frame.getClassLoaderName();
        String module = frame.getModuleName();
        if ("platform".equals(loader) || module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
            return false;
        }
        if (loader != null) {
            return true;
        }
        String name = frame.getClassName();
        return !name.startsWith("jdk.internal.") && !name.startsWith("sun.")
                && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("com.sun.");
    }
}
