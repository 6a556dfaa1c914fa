package io.sockbuf.agent.log;

import io.sockbuf.agent.bridge.BufferResult;
import io.sockbuf.agent.bridge.NettyEpollSocket;
import io.sockbuf.agent.bridge.SocketImplText;
import io.sockbuf.agent.bridge.SocketKind;
import io.sockbuf.agent.config.LogLevel;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's only output: lines on stderr prefixed {@code [sockbuf]}. Never java.util.logging,
 * which premain would initialise before the application configures it.
 *
 * <p>At the default level a busy server stays readable and cheap: the first sockets of each kind
 * get a full line, so does the first occurrence of every outcome that differs from the request,
 * everything else is only counted (fixed-size counters, no per-socket state) and summed up at exit.
 */
public final class SocketLog {

    /** Full lines for the first sockets of each kind at level info. */
    static final int FIRST_SOCKETS_LOGGED = 3;
    private static final long LIMITS_REREAD_NANOS = 1_000_000_000L;

    private static final SocketKind[] KINDS = SocketKind.values();
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final LogLevel level;
    /** Re-read when a granted size disagrees with it (the sysctls changed while the JVM runs). */
    private volatile KernelLimits kernel;
    private final AtomicLong limitsReadAt = new AtomicLong(System.nanoTime());
    private final LongAdder[] sockets = adders(KINDS.length);
    /** [kind][outcome]: sockets whose worst direction had this outcome. */
    private final LongAdder[] outcomes = adders(KINDS.length * OUTCOMES.length);
    private final AtomicInteger[] linesPerKind = new AtomicInteger[KINDS.length];
    private final AtomicInteger[] ruleLinesPerKind = new AtomicInteger[KINDS.length];
    /** [kind][direction][outcome]: that combination has been written out once. */
    private final AtomicBoolean[] outcomeShown = new AtomicBoolean[KINDS.length * 2 * OUTCOMES.length];
    /** Written only when a socket failed (rare); read by status and JMX. */
    private volatile String lastError;

    public SocketLog(LogLevel level, KernelLimits kernel) {
        this.level = level;
        this.kernel = kernel;
        for (int i = 0; i < linesPerKind.length; i++) {
            linesPerKind[i] = new AtomicInteger();
            ruleLinesPerKind[i] = new AtomicInteger();
        }
        for (int i = 0; i < outcomeShown.length; i++) {
            outcomeShown[i] = new AtomicBoolean();
        }
    }

    public static void info(String message) {
        LogSink.info(message);
    }

    public static void warn(String message) {
        LogSink.warn(message);
    }

    public boolean logsStartup() {
        return level != LogLevel.WARN;
    }

    /** Called for every sized socket: counts it, and writes a line when the level asks for one. */
    public void socket(SocketKind kind, Object socket, BufferResult receive, BufferResult send) {
        socket(kind, socket, receive, send, false);
    }

    /**
     * @param lineAtConnect the socket's line waits for {@link #connecting}, which knows the address
     *                      (TCP clients of the JDK); only a new problem is written at once
     */
    public void socket(SocketKind kind, Object socket, BufferResult receive, BufferResult send, boolean lineAtConnect) {
        Outcome receiveOutcome = outcome(receive, true);
        Outcome sendOutcome = outcome(send, false);
        Outcome worst = receiveOutcome.compareTo(sendOutcome) >= 0 ? receiveOutcome : sendOutcome;
        int k = kind.ordinal();
        sockets[k].increment();
        outcomes[k * OUTCOMES.length + worst.ordinal()].increment();
        if (worst == Outcome.FAILED) {
            boolean receiveFailed = receiveOutcome == Outcome.FAILED;
            BufferResult failed = receiveFailed ? receive : send;
            lastError = kind.label() + (receiveFailed ? " recv " : " send ") + failed.requested() + Outcome.FAILED.explain(failed, kernel, receiveFailed);
        }

        boolean newProblem = firstTime(kind, true, receiveOutcome) | firstTime(kind, false, sendOutcome);
        if (newProblem) {
            writeSocketLine(kind, addresses(socket), receive, receiveOutcome, send, sendOutcome, "");
        } else if (!lineAtConnect) {
            writeIfWanted(kind, addresses(socket), receive, receiveOutcome, send, sendOutcome);
        }
    }

    /** Whether {@link #connecting} would write a line: then the caller reads the sizes for it. */
    public boolean wantsLineAtConnect(SocketKind kind) {
        return level == LogLevel.DEBUG || level == LogLevel.INFO && linesPerKind[kind.ordinal()].get() < FIRST_SOCKETS_LOGGED;
    }

    /** A TCP client's line, written at connect with the address it connects to (the socket was counted at creation). */
    public void connecting(SocketKind kind, InetSocketAddress remote, BufferResult receive, BufferResult send) {
        writeIfWanted(kind, " to " + hostAndPort(remote), receive, outcome(receive, true), send, outcome(send, false));
    }

    private Outcome outcome(BufferResult result, boolean receive) {
        Outcome outcome = Outcome.of(result, kernel, receive);
        return outcome == Outcome.DIFFERENT && limitsChanged() ? Outcome.of(result, kernel, receive) : outcome;
    }

    /**
     * A granted size the limits read earlier do not explain: net.core.rmem_max / wmem_max may have
     * been changed since. Re-read them, at most once a second, and say so when they did change.
     */
    private boolean limitsChanged() {
        long now = System.nanoTime();
        long last = limitsReadAt.get();
        if (now - last < LIMITS_REREAD_NANOS || !limitsReadAt.compareAndSet(last, now)) {
            return false;
        }
        KernelLimits fresh = KernelLimits.read();
        if (fresh.describe().equals(kernel.describe())) {
            return false;
        }
        kernel = fresh;
        info("the kernel's limits changed since they were read: " + fresh.describe());
        return true;
    }

    /** Every socket at debug; the first sockets of each kind at info. */
    private void writeIfWanted(SocketKind kind, String address, BufferResult receive, Outcome receiveOutcome,
                               BufferResult send, Outcome sendOutcome) {
        String note = "";
        if (level != LogLevel.DEBUG) {
            AtomicInteger lines = linesPerKind[kind.ordinal()];
            if (level != LogLevel.INFO || lines.get() >= FIRST_SOCKETS_LOGGED) {
                return;
            }
            int line = lines.incrementAndGet();
            if (line > FIRST_SOCKETS_LOGGED) {
                return;
            }
            if (line == FIRST_SOCKETS_LOGGED) {
                note = " (further " + kind.label() + " sockets are counted, not logged; -Dsockbuf.log=debug logs each)";
            }
        }
        writeSocketLine(kind, address, receive, receiveOutcome, send, sendOutcome, note);
    }

    private void writeSocketLine(SocketKind kind, String address, BufferResult receive, Outcome receiveOutcome,
                                 BufferResult send, Outcome sendOutcome, String note) {
        String receiveText = direction("recv", receive, receiveOutcome, true);
        String sendText = kind == SocketKind.TCP_LISTENER ? "send is set on each accepted socket"
                : direction("send", send, sendOutcome, false);
        String addressField = address.startsWith(" to ") ? address.substring(4) : address.trim();
        LogSink.event("info", kind.label() + address + ": " + receiveText + ", " + sendText + note,
                "\"event\":\"socket\",\"kind\":\"" + kind.label() + "\",\"address\":" + LogSink.quote(addressField)
                        + ",\"recv\":" + json(receive, receiveOutcome) + ",\"send\":" + json(send, sendOutcome));
    }

    private String json(BufferResult result, Outcome outcome) {
        return "{\"requested\":" + result.requested() + ",\"effective\":" + result.effective()
                + ",\"kernel\":" + (kernel.doubles() && result.effective() >= 0 ? 2L * result.effective() : -1)
                + ",\"outcome\":\"" + outcome.label() + "\"}";
    }

    /**
     * A rule that needed the port or address was applied at connect or bind. Logged like sockets
     * (the first few per kind, new problems, everything at debug); the socket was counted at creation.
     */
    public void ruleApplied(SocketKind kind, InetSocketAddress address, Object rule, BufferResult receive, BufferResult send) {
        Outcome receiveOutcome = outcome(receive, true);
        Outcome sendOutcome = outcome(send, false);
        boolean newProblem = firstTime(kind, true, receiveOutcome) | firstTime(kind, false, sendOutcome);
        AtomicInteger lines = ruleLinesPerKind[kind.ordinal()];
        boolean write = level == LogLevel.DEBUG || newProblem
                || level == LogLevel.INFO && lines.get() < FIRST_SOCKETS_LOGGED && lines.incrementAndGet() <= FIRST_SOCKETS_LOGGED;
        if (!write) {
            return;
        }
        String where = (kind == SocketKind.TCP_CLIENT ? " to " : " at ") + hostAndPort(address);
        String receiveText = kind.equals(SocketKind.TCP_ACCEPTED) ? "" : direction("recv", receive, receiveOutcome, true);
        String sendText = kind == SocketKind.TCP_LISTENER ? "" : direction("send", send, sendOutcome, false);
        LogSink.event("info", kind.label() + where + ", rule \"" + rule + "\": " + receiveText
                        + (receiveText.isEmpty() || sendText.isEmpty() ? "" : ", ") + sendText,
                "\"event\":\"rule\",\"kind\":\"" + kind.label() + "\",\"address\":" + LogSink.quote(hostAndPort(address))
                        + ",\"rule\":" + LogSink.quote(rule.toString())
                        + ",\"recv\":" + json(receive, receiveOutcome) + ",\"send\":" + json(send, sendOutcome));
    }

    /** An unexpected exception in the agent's own code on the socket path: shown once per kind. */
    /**
     * The bridge hit an unexpected error {@code what} ("while sizing a tcp client socket") and
     * switched off {@code switchedOff} ("sizing at creation (java.net) for tcp client sockets");
     * the bridge calls this once per thing it switched off.
     */
    public void internalError(String what, String switchedOff, Throwable t) {
        lastError = "internal error " + what + " (the socket is unaffected): " + t;
        warn("internal error " + what + " (the socket is unaffected): " + t
                + "; " + switchedOff + " is switched off for the rest of this JVM, everything else goes on. Please report it.");
    }

    /** The summary written by the shutdown hook. */
    public void writeSummary() {
        if (level == LogLevel.WARN) {
            return;
        }
        StringBuilder line = new StringBuilder("at exit:");
        boolean any = false;
        for (SocketKind kind : KINDS) {
            long total = sockets[kind.ordinal()].sum();
            if (total == 0) {
                continue;
            }
            line.append(any ? "; " : " ").append(kind.label()).append(' ').append(total).append(" (");
            boolean first = true;
            for (Outcome outcome : OUTCOMES) {
                long count = outcomes[kind.ordinal() * OUTCOMES.length + outcome.ordinal()].sum();
                if (count > 0) {
                    line.append(first ? "" : ", ").append(count).append(' ').append(outcome.label());
                    first = false;
                }
            }
            line.append(')');
            any = true;
        }
        long dropped = LogSink.dropped();
        String drops = dropped == 0 ? "" : "; " + dropped + " log lines were dropped";
        info(any ? line + drops : "at exit: no socket was opened" + drops);
    }

    /** Count of sockets of one kind seen so far (tests and the exit summary). */
    public long count(SocketKind kind) {
        return sockets[kind.ordinal()].sum();
    }

    /** The outcomes a socket is counted under ("as requested", "capped", ...), in the order of {@link #outcomeCounts}. */
    public static String[] outcomeLabels() {
        String[] labels = new String[OUTCOMES.length];
        for (Outcome outcome : OUTCOMES) {
            labels[outcome.ordinal()] = outcome.label();
        }
        return labels;
    }

    /** Sockets of one kind per outcome (the worse of both directions), in the order of {@link #outcomeLabels}. */
    public long[] outcomeCounts(SocketKind kind) {
        long[] counts = new long[OUTCOMES.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = outcomes[kind.ordinal() * OUTCOMES.length + i].sum();
        }
        return counts;
    }

    public LogLevel level() {
        return level;
    }

    /** The last failed setsockopt or internal error on the socket path, or null (status, JMX). */
    public String lastError() {
        return lastError;
    }

    private boolean firstTime(SocketKind kind, boolean receive, Outcome outcome) {
        if (!outcome.isProblem()) {
            return false;
        }
        AtomicBoolean shown = outcomeShown[(kind.ordinal() * 2 + (receive ? 0 : 1)) * OUTCOMES.length + outcome.ordinal()];
        return !shown.get() && shown.compareAndSet(false, true);
    }

    private String direction(String name, BufferResult result, Outcome outcome, boolean receive) {
        if (outcome == Outcome.UNTOUCHED) {
            if (result.effective() == BufferResult.UNKNOWN) {
                return name + " n/a";
            }
            return name + " " + result.effective() + (result.inherited() ? " (inherited from the listener)" : " (not set)");
        }
        StringBuilder text = new StringBuilder(name).append(' ').append(result.requested());
        if (outcome != Outcome.FAILED) {
            text.append(" -> ").append(result.effective());
            if (kernel.doubles()) {
                text.append(" (kernel holds ").append(2L * result.effective()).append(')');
            }
        }
        return text.append(outcome.explain(result, kernel, receive)).toString();
    }

    /** Local and remote address where already known; only computed for lines that are written. */
    private static String addresses(Object socket) {
        try {
            SocketAddress local = null;
            SocketAddress remote = null;
            if (socket instanceof Socket) {
                local = ((Socket) socket).getLocalSocketAddress();
                remote = ((Socket) socket).getRemoteSocketAddress();
            } else if (socket instanceof SocketChannel) {
                local = ((SocketChannel) socket).getLocalAddress();
                remote = ((SocketChannel) socket).getRemoteAddress();
            } else if (socket instanceof AsynchronousSocketChannel) {
                local = ((AsynchronousSocketChannel) socket).getLocalAddress();
                remote = ((AsynchronousSocketChannel) socket).getRemoteAddress();
            } else if (socket instanceof NetworkChannel) {
                local = ((NetworkChannel) socket).getLocalAddress();
            } else if (socket instanceof SocketImpl) {
                SocketImplText text = SocketImplText.of(socket);
                // not connected (yet), or a format this code does not know: no address
                return text.connected() && text.localPort != null
                        ? " local port " + text.localPort + " <-> " + text.remoteHost + ":" + text.remotePort : "";
            } else if (socket instanceof NettyEpollSocket) {
                return " (" + socket + ")";
            }
            if (local == null && remote == null) {
                return "";
            }
            return " " + (local == null ? "?" : strip(local)) + (remote == null ? "" : " <-> " + strip(remote));
        } catch (Exception e) {
            return "";
        }
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String strip(SocketAddress address) {
        String text = address.toString();
        return text.startsWith("/") ? text.substring(1) : text;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
