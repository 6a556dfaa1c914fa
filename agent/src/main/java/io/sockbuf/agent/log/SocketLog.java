package io.sockbuf.agent.log;

import io.sockbuf.agent.bridge.BufferResult;
import io.sockbuf.agent.bridge.SocketKind;
import io.sockbuf.agent.config.LogLevel;

import java.net.InetSocketAddress;
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
    /** Whether accepted sockets get a send size (globally or by a rule): the listener line says so only then. */
    private volatile boolean sendConfigured = true;
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

    /** Set with the settings (and again when they change at run time). */
    public void sendConfigured(boolean configured) {
        sendConfigured = configured;
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
        socket(kind, socket, receive, send, lineAtConnect, null);
    }

    /** @param rule the rule (one that needs no address) whose sizes were applied, or null for the global sizes */
    public void socket(SocketKind kind, Object socket, BufferResult receive, BufferResult send, boolean lineAtConnect, Object rule) {
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
            writeSocketLine(kind, Ends.of(socket), receive, receiveOutcome, send, sendOutcome, "", rule);
        } else if (!lineAtConnect) {
            writeIfWanted(kind, Ends.of(socket), receive, receiveOutcome, send, sendOutcome, rule);
        }
    }

    /**
     * The application set one direction of a socket itself, after the agent sized it (or in a mode
     * in which the agent leaves it): a follow-up event for that socket with the sizes in force now,
     * so no earlier line stays the last word. The socket's count moves from its earlier outcome to
     * this one (each socket is counted once, by its final outcome).
     *
     * @param receiveBefore,sendBefore what the socket held before, as counted then; null when it
     *                      was already counted as the application's (an earlier set on it)
     * @param write         whether to write the event (the bridge decides: every one at debug, one
     *                      per call site, size and kind at info)
     * @param warning       a receive buffer set after connect: the window scale was fixed without it
     */
    public void applicationSet(SocketKind kind, Object socket, boolean receive, BufferResult receiveNow, BufferResult sendNow,
                               BufferResult receiveBefore, BufferResult sendBefore, boolean write, boolean afterConnect,
                               boolean warning) {
        Outcome receiveOutcome = outcome(receiveNow, true);
        Outcome sendOutcome = outcome(sendNow, false);
        if (receiveBefore != null && sendBefore != null) {
            move(kind, Outcome.worse(outcome(receiveBefore, true), outcome(sendBefore, false)), Outcome.worse(receiveOutcome, sendOutcome));
        }
        if (!write || level == LogLevel.WARN && !warning) {
            return;
        }
        BufferResult set = receive ? receiveNow : sendNow;
        String name = receive ? "recv" : "send";
        Ends ends = Ends.of(socket);
        String note = warning ? "; set after connect: the connection has the buffer but its TCP window scale was fixed in the"
                + " handshake without it (set it before connect, or on the listener before listen)"
                : afterConnect ? (kind == SocketKind.TCP_ACCEPTED ? " (after accept)" : " (after connect)") : " (before connect)";
        if (kind == SocketKind.TCP_LISTENER) {
            note = receive ? " (on the listener: accepted sockets inherit it, and it fixes the window scale each accepted connection"
                    + " gets in the handshake)" : " (on the listener)";
        }
        String receiveText = direction("recv", receiveNow, receiveOutcome, true, false);
        String sendText = kind == SocketKind.TCP_LISTENER ? "" : ", " + direction("send", sendNow, sendOutcome, false, false);
        String text = kind.label() + ends.text() + ": the application set " + name + " "
                        + set.requested() + (set.callSite() == null ? "" : " at " + set.callSite()) + note + "; now " + receiveText + sendText;
        String fields = "\"event\":\"application-set\"," + common(kind, ends) + ",\"direction\":\"" + name + "\",\"value\":" + set.requested()
                        + ",\"callSite\":" + (set.callSite() == null ? "null" : LogSink.quote(set.callSite()))
                        + ",\"afterConnect\":" + afterConnect
                        + ",\"recv\":" + json(receiveNow, receiveOutcome, null) + ",\"send\":" + json(sendNow, sendOutcome, null);
        if (warning) {
            LogSink.warningEvent(text, fields);
        } else {
            LogSink.event("info", text, fields);
        }
    }

    /** A socket counted under {@code from} at creation now has outcome {@code to}: each socket is counted once. */
    private void move(SocketKind kind, Outcome from, Outcome to) {
        if (from == to) {
            return;
        }
        int k = kind.ordinal() * OUTCOMES.length;
        LongAdder old = outcomes[k + from.ordinal()];
        if (old.sum() <= 0) {
            return; // not counted at creation (created before the agent was attached): nothing to move
        }
        old.decrement();
        outcomes[k + to.ordinal()].increment();
    }

    /** Whether {@link #connecting} would write a line: then the caller reads the sizes for it. */
    public boolean wantsLineAtConnect(SocketKind kind) {
        return level == LogLevel.DEBUG || level == LogLevel.INFO && linesPerKind[kind.ordinal()].get() < FIRST_SOCKETS_LOGGED;
    }

    /** A TCP client's line, written at connect with the address it connects to (the socket was counted at creation). */
    public void connecting(SocketKind kind, InetSocketAddress remote, BufferResult receive, BufferResult send) {
        connecting(kind, null, remote, receive, send, null);
    }

    /** @param socket the socket (only its identity is written, for JSON), or null */
    public void connecting(SocketKind kind, Object socket, InetSocketAddress remote, BufferResult receive, BufferResult send, Object rule) {
        writeIfWanted(kind, Ends.to(remote, socket), receive, outcome(receive, true), send, outcome(send, false), rule);
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
    private void writeIfWanted(SocketKind kind, Ends address, BufferResult receive, Outcome receiveOutcome,
                               BufferResult send, Outcome sendOutcome, Object rule) {
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
        writeSocketLine(kind, address, receive, receiveOutcome, send, sendOutcome, note, rule);
    }

    private void writeSocketLine(SocketKind kind, Ends address, BufferResult receive, Outcome receiveOutcome,
                                 BufferResult send, Outcome sendOutcome, String note, Object rule) {
        String receiveText = direction("recv", receive, receiveOutcome, true);
        String sendText = kind != SocketKind.TCP_LISTENER ? ", " + direction("send", send, sendOutcome, false)
                : sendConfigured ? ", send is set on each accepted socket" : "";
        boolean problem = receiveOutcome.isProblem() || sendOutcome.isProblem();
        LogSink.event(problem ? "warn" : "info", kind.label() + address.text() + (rule == null ? "" : ", rule \"" + rule + "\"")
                        + ": " + receiveText + sendText + note,
                "\"event\":\"socket\"," + common(kind, address)
                        + ",\"recv\":" + json(receive, receiveOutcome, rule) + ",\"send\":" + json(send, sendOutcome, rule));
    }

    /**
     * socket (an identity of the socket object for this JVM's lifetime, only to tell which events
     * belong to one socket; not kept anywhere), kind, role, local, remote (ip:port, IPv6 in brackets, null where not known) and, as before, address. */
    private static String common(SocketKind kind, Ends ends) {
        return (ends.socket == null ? "" : "\"socket\":\"" + Integer.toHexString(System.identityHashCode(ends.socket)) + "\",")
                + "\"kind\":\"" + kind.label() + "\",\"role\":\"" + role(kind) + "\",\"local\":" + quoteOrNull(ends.local)
                + ",\"remote\":" + quoteOrNull(ends.remote) + ",\"address\":" + LogSink.quote(ends.address());
    }

    private static String role(SocketKind kind) {
        switch (kind) {
            case TCP_CLIENT: return "client";
            case TCP_LISTENER: return "listener";
            case TCP_ACCEPTED: return "accepted";
            default: return "udp";
        }
    }

    private static String quoteOrNull(String text) {
        return text == null ? "null" : LogSink.quote(text);
    }

    /**
     * One direction in JSON; {@code setBy} says whose size is in force: {@code agent} (its global
     * sizes, or {@code agent rule "..."}), {@code application} (with {@code callSite} where known),
     * {@code listener} (inherited by an accepted socket) or {@code kernel default}.
     */
    private String json(BufferResult result, Outcome outcome, Object rule) {
        String setBy;
        if (outcome == Outcome.APPLICATION) {
            setBy = "application";
        } else if (result.inherited() && outcome != Outcome.FAILED) {
            setBy = "listener"; // an accepted socket's receive size: the agent's (counted as such) or not
        } else if (outcome == Outcome.UNTOUCHED || outcome == Outcome.FAILED) {
            setBy = result.inherited() ? "listener" : "kernel default";
        } else {
            setBy = rule == null ? "agent" : "agent rule " + rule;
        }
        return "{\"requested\":" + result.requested() + ",\"effective\":" + result.effective()
                + ",\"kernel\":" + (kernel.doubles() && result.effective() >= 0 ? 2L * result.effective() : -1)
                + ",\"outcome\":\"" + outcome.label() + "\",\"setBy\":" + LogSink.quote(setBy)
                + (outcome == Outcome.APPLICATION && result.callSite() != null ? ",\"callSite\":" + LogSink.quote(result.callSite()) : "")
                + "}";
    }

    /**
     * A rule that needed the port or address was applied at connect or bind. Logged like sockets
     * (the first few per kind, new problems, everything at debug); the socket was counted at creation.
     */
    public void ruleApplied(SocketKind kind, InetSocketAddress address, Object rule, BufferResult receive, BufferResult send) {
        ruleApplied(kind, null, address, rule, receive, send, null, null);
    }

    /**
     * @param receiveBefore,sendBefore what the socket had from its creation, as it was counted then
     *                                 (null: not known, the count stays): the count moves to the rule's outcome
     */
    public void ruleApplied(SocketKind kind, Object socket, InetSocketAddress address, Object rule, BufferResult receive,
                            BufferResult send, BufferResult receiveBefore, BufferResult sendBefore) {
        Outcome receiveOutcome = outcome(receive, true);
        Outcome sendOutcome = outcome(send, false);
        if (receiveBefore != null && sendBefore != null) {
            move(kind, Outcome.worse(outcome(receiveBefore, true), outcome(sendBefore, false)), Outcome.worse(receiveOutcome, sendOutcome));
        }
        boolean newProblem = firstTime(kind, true, receiveOutcome) | firstTime(kind, false, sendOutcome);
        AtomicInteger lines = ruleLinesPerKind[kind.ordinal()];
        boolean write = level == LogLevel.DEBUG || newProblem
                || level == LogLevel.INFO && lines.get() < FIRST_SOCKETS_LOGGED && lines.incrementAndGet() <= FIRST_SOCKETS_LOGGED;
        if (!write) {
            return;
        }
        Ends ends = kind == SocketKind.TCP_CLIENT ? Ends.to(address, socket) : Ends.at(address, socket);
        String receiveText = kind.equals(SocketKind.TCP_ACCEPTED) ? "" : direction("recv", receive, receiveOutcome, true);
        String sendText = kind == SocketKind.TCP_LISTENER ? "" : direction("send", send, sendOutcome, false);
        boolean problem = receiveOutcome.isProblem() || sendOutcome.isProblem();
        LogSink.event(problem ? "warn" : "info", kind.label() + ends.text() + ", rule \"" + rule + "\": " + receiveText
                        + (receiveText.isEmpty() || sendText.isEmpty() ? "" : ", ") + sendText,
                "\"event\":\"rule\"," + common(kind, ends)
                        + ",\"rule\":" + LogSink.quote(rule.toString())
                        + ",\"recv\":" + json(receive, receiveOutcome, rule) + ",\"send\":" + json(send, sendOutcome, rule));
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
        return direction(name, result, outcome, receive, true);
    }

    private String direction(String name, BufferResult result, Outcome outcome, boolean receive, boolean withCallSite) {
        if (outcome == Outcome.UNTOUCHED || outcome == Outcome.AS_REQUESTED && result.inherited()) {
            if (result.effective() == BufferResult.UNKNOWN) {
                return name + " n/a";
            }
            return name + " " + result.effective() + (result.inherited() ? " (inherited from the listener)" : " (not set)");
        }
        if (outcome == Outcome.APPLICATION) {
            StringBuilder text = new StringBuilder(name).append(' ').append(result.effective());
            if (kernel.doubles() && result.effective() >= 0) {
                text.append(" (kernel holds ").append(2L * result.effective()).append(')');
            }
            return text.append(" set by the application")
                    .append(result.callSite() == null || !withCallSite ? "" : " at " + result.callSite()).toString();
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

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
