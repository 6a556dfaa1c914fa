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
        if (mode == Mode.OBSERVE) {
            if (receive && isConnected(socket)) {
                report(log, true, "observe: " + option + "=" + value + " is set at %s after connect: the TCP window scale was"
                        + " fixed in the handshake without it; set it before connect (or on the listener before listen)");
            } else {
                report(log, false, "observe: the application sets " + option + "=" + value + " at %s");
            }
        }
        return value;
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

    /**
     * The first frame of application code: the first one not loaded by the boot or platform loader
     * (which hold the JDK and this agent).
     */
    private static String callSite() {
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            String loader = frame.getClassLoaderName();
            if (loader != null && !loader.equals("platform")) {
                return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "(JDK code)";
    }
}
