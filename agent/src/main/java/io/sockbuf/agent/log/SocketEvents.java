package io.sockbuf.agent.log;

import io.sockbuf.agent.config.LogLevel;
import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Ends;
import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketEnds;
import io.sockbuf.agent.model.SocketRole;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the socket path reports, per socket: counts every socket ({@link SocketStats}) and decides
 * which get a line. At the default level a busy server stays readable and cheap: the first sockets
 * of each role get a full line, so does the first occurrence of every outcome that differs from
 * the request; everything else is only counted and summed up at exit.
 */
public final class SocketEvents {

    private static final long LIMITS_REREAD_NANOS = 1_000_000_000L;

    private final LogLevel level;
    /** Re-read when a granted size disagrees with it, or (sizes predicted) once a second: the sysctls may change while the JVM runs. */
    private volatile KernelLimits kernel;
    private final AtomicLong limitsReadAt = new AtomicLong(System.nanoTime());
    private final SocketStats stats = new SocketStats();
    /** Whether the one line about running out of stack or memory was written (racy: at worst twice). */
    private volatile boolean ranOutSaid;
    private final FirstLines socketLines = new FirstLines();
    private final FirstLines ruleLines = new FirstLines();
    /** Per role and direction, one bit per problem outcome that has been written out once. */
    /** By role and direction ordinal (see SocketStats on EnumMaps). */
    private final AtomicInteger[][] problemsShown = new AtomicInteger[SocketRole.values().length][Direction.values().length];
    /** Whether accepted sockets get a send size (globally or by a rule): the listener line says so only then. */
    private volatile boolean sendConfigured = true;

    public SocketEvents(LogLevel level, KernelLimits kernel) {
        this.level = level;
        this.kernel = kernel;
        for (AtomicInteger[] perDirection : problemsShown) {
            for (int direction = 0; direction < perDirection.length; direction++) {
                perDirection[direction] = new AtomicInteger();
            }
        }
    }

    /** Set with the settings (and again when they change at run time). */
    public void sendConfigured(boolean configured) {
        sendConfigured = configured;
    }

    public boolean logsStartup() {
        return level != LogLevel.WARN;
    }

    public LogLevel level() {
        return level;
    }

    public SocketStats stats() {
        return stats;
    }

    /** The limits as last read. */
    public KernelLimits kernel() {
        return kernel;
    }

    /**
     * The limits for predicting what the kernel grants without asking it: read again when the last
     * read is more than a second old, so that a sysctl change is seen within a second.
     */
    public KernelLimits kernelForPrediction() {
        long last = limitsReadAt.get();
        if (System.nanoTime() - last >= LIMITS_REREAD_NANOS) {
            limitsChanged();
        }
        return kernel;
    }

    /** A sampled socket held something else than predicted: read the limits now. Whether they changed. */
    public boolean predictionMissed() {
        limitsReadAt.set(System.nanoTime() - LIMITS_REREAD_NANOS);
        return limitsChanged();
    }

    /**
     * Whether {@link #socket} would write a line for these results (a read only, nothing taken):
     * the caller then reads the real sizes back instead of predicting them.
     */
    public boolean wouldWriteLine(SocketRole role, BufferResult receive, BufferResult send, boolean lineAtConnect) {
        if (level == LogLevel.DEBUG && !lineAtConnect || level == LogLevel.INFO && !lineAtConnect && socketLines.left(role)) {
            return true;
        }
        KernelLimits limits = kernel;
        return notShownYet(role, Direction.RECEIVE, limits.outcome(receive, Direction.RECEIVE))
                || notShownYet(role, Direction.SEND, limits.outcome(send, Direction.SEND));
    }

    /**
     * Called for every sized socket: counts it, and writes a line when the level asks for one.
     *
     * @param lineAtConnect the socket's line waits for {@link #connecting}, which knows the address
     *                      (TCP clients of the JDK); only a new problem is written at once
     * @param rule          the rule (one that needs no address) whose sizes were applied, or null for the global sizes
     */
    public void socket(SocketRole role, SocketEnds socket, BufferResult receive, BufferResult send, boolean lineAtConnect, Rule rule) {
        Outcome receiveOutcome = outcome(receive, Direction.RECEIVE);
        Outcome sendOutcome = outcome(send, Direction.SEND);
        Outcome worst = Outcome.worse(receiveOutcome, sendOutcome);
        stats.add(role, worst);
        if (worst == Outcome.FAILED) {
            Direction failedDirection = receiveOutcome == Outcome.FAILED ? Direction.RECEIVE : Direction.SEND;
            BufferResult failed = failedDirection == Direction.RECEIVE ? receive : send;
            stats.lastError(role.label() + " " + failedDirection.label() + " " + failed.requested()
                    + text().explain(Outcome.FAILED, failed, failedDirection));
        }
        boolean newProblem = firstTime(role, Direction.RECEIVE, receiveOutcome) | firstTime(role, Direction.SEND, sendOutcome);
        if (newProblem) {
            writeSocketLine(role, socket.ends(), receive, receiveOutcome, send, sendOutcome, "", rule);
        } else if (!lineAtConnect) {
            writeIfWanted(role, socket, receive, receiveOutcome, send, sendOutcome, rule);
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
     * @param write         whether to write the event (the caller decides: every one at debug, one
     *                      per call site, size and role at info)
     * @param warning       a receive buffer set after connect: the window scale was fixed without it
     */
    public void applicationSet(SocketRole role, SocketEnds socket, Direction set, int value, String callSite,
                               BufferResult receiveNow, BufferResult sendNow,
                               BufferResult receiveBefore, BufferResult sendBefore, boolean write, boolean afterConnect,
                               boolean warning) {
        Outcome receiveOutcome = outcome(receiveNow, Direction.RECEIVE);
        Outcome sendOutcome = outcome(sendNow, Direction.SEND);
        if (receiveBefore != null && sendBefore != null) {
            stats.move(role, Outcome.worse(outcome(receiveBefore, Direction.RECEIVE), outcome(sendBefore, Direction.SEND)),
                    Outcome.worse(receiveOutcome, sendOutcome));
        }
        if (!write || level == LogLevel.WARN && !warning) {
            return;
        }
        boolean theAgentsSize = !(set == Direction.RECEIVE ? receiveNow : sendNow).byApplication();
        String name = set.label();
        Ends ends = socket.ends();
        String note = warning ? "; set after connect: the connection has the buffer but its TCP window scale was fixed in the"
                + " handshake without it (" + (role == SocketRole.CLIENT ? "set it before connect" : "set it on the listener before listen") + ")"
                : afterConnect ? (role == SocketRole.ACCEPTED ? " (after accept)" : " (after connect)") : " (before connect)";
        if (role == SocketRole.LISTENER) {
            note = set == Direction.RECEIVE ? " (on the listener: accepted sockets inherit it, and it fixes the window scale each"
                    + " accepted connection gets in the handshake)" : " (on the listener)";
        }
        EventText text = text();
        String receiveText = text.direction(Direction.RECEIVE, receiveNow, receiveOutcome, false);
        String sendText = role == SocketRole.LISTENER ? "" : ", " + text.direction(Direction.SEND, sendNow, sendOutcome, false);
        if (theAgentsSize) {
            note += "; the size the agent set, so it stays the agent's";
        }
        String line = role.label() + ends.text() + ": the application set " + name + " "
                + value + (callSite == null ? "" : " at " + callSite) + note + "; now " + receiveText + sendText;
        String fields = !Log.asJson() ? null
                : "\"event\":\"application-set\"," + EventText.common(role, ends) + ",\"direction\":\"" + name + "\",\"value\":"
                + value + ",\"callSite\":" + EventText.quoteOrNull(callSite)
                + ",\"afterConnect\":" + afterConnect
                + ",\"recv\":" + text.json(receiveNow, receiveOutcome, null) + ",\"send\":" + text.json(sendNow, sendOutcome, null);
        if (warning) {
            Log.warningEvent(line, fields);
        } else {
            Log.event("info", line, fields);
        }
    }

    /** Whether {@link #connecting} would write a line: then the caller reads the sizes for it. */
    public boolean wantsLineAtConnect(SocketRole role) {
        return level == LogLevel.DEBUG || level == LogLevel.INFO && socketLines.left(role);
    }

    /** A TCP client's line, written at connect with the address it connects to (the socket was counted at creation). */
    public void connecting(SocketRole role, Object socket, InetSocketAddress remote, BufferResult receive, BufferResult send, Rule rule) {
        Ends ends = Ends.to(remote, socket);
        writeIfWanted(role, ends, receive, outcome(receive, Direction.RECEIVE), send, outcome(send, Direction.SEND), rule);
    }

    /**
     * A rule that needed the port or address was applied at connect or bind. Logged like sockets
     * (the first few per role, new problems, everything at debug); the socket was counted at creation.
     *
     * @param receiveBefore,sendBefore what the socket had from its creation, as it was counted then:
     *                                 the count moves to the rule's outcome
     */
    public void ruleApplied(SocketRole role, Object socket, InetSocketAddress address, Rule rule, BufferResult receive,
                            BufferResult send, BufferResult receiveBefore, BufferResult sendBefore) {
        Outcome receiveOutcome = outcome(receive, Direction.RECEIVE);
        Outcome sendOutcome = outcome(send, Direction.SEND);
        if (receiveBefore != null && sendBefore != null) {
            stats.move(role, Outcome.worse(outcome(receiveBefore, Direction.RECEIVE), outcome(sendBefore, Direction.SEND)),
                    Outcome.worse(receiveOutcome, sendOutcome));
        }
        boolean newProblem = firstTime(role, Direction.RECEIVE, receiveOutcome) | firstTime(role, Direction.SEND, sendOutcome);
        boolean write = level == LogLevel.DEBUG || newProblem || level == LogLevel.INFO && ruleLines.take(role) > 0;
        if (!write) {
            return;
        }
        Ends ends = role == SocketRole.CLIENT ? Ends.to(address, socket) : Ends.binding(address, socket);
        EventText text = text();
        String receiveText = role == SocketRole.ACCEPTED ? "" : text.direction(Direction.RECEIVE, receive, receiveOutcome, true);
        String sendText = role == SocketRole.LISTENER ? "" : text.direction(Direction.SEND, send, sendOutcome, true);
        boolean problem = receiveOutcome.isProblem() || sendOutcome.isProblem();
        Log.event(problem ? "warn" : "info", role.label() + ends.text() + ", rule \"" + rule + "\": " + receiveText
                        + (receiveText.isEmpty() || sendText.isEmpty() ? "" : ", ") + sendText,
                !Log.asJson() ? null : "\"event\":\"rule\"," + EventText.common(role, ends)
                        + ",\"rule\":" + Log.quote(rule.toString())
                        + ",\"recv\":" + text.json(receive, receiveOutcome, rule) + ",\"send\":" + text.json(send, sendOutcome, rule));
    }

    /**
     * The bridge hit an unexpected error {@code what} ("while sizing a tcp client socket") and
     * switched off {@code switchedOff} ("sizing at creation (java.net) for tcp client sockets");
     * the bridge calls this once per thing it switched off.
     */
    public void internalError(String what, String switchedOff, Throwable t) {
        stats.lastError("internal error " + what + " (the socket is unaffected): " + t);
        Log.warn("internal error " + what + " (the socket is unaffected): " + t
                + "; " + switchedOff + " is switched off for the rest of this JVM, everything else goes on. Please report it.");
    }

    /**
     * A socket's thread ran out of stack or memory inside the agent: that socket may keep the
     * kernel's sizes and is not counted; the others go on. Said once per JVM.
     */
    public void ranOutWhileSizing(String what, Throwable t) {
        String line = "ran out of " + (t instanceof StackOverflowError ? "stack" : "memory") + " " + what
                + " (the socket is unaffected, but may keep the kernel's sizes and is not counted): " + t
                + "; sizing goes on for the other sockets. Said once.";
        stats.lastError(line);
        if (!ranOutSaid) {
            ranOutSaid = true;
            Log.warn(line);
        }
    }

    /** The summary written by the shutdown hook. */
    public void writeSummary() {
        if (level == LogLevel.WARN) {
            return;
        }
        StringBuilder line = new StringBuilder("at exit:");
        boolean any = false;
        for (SocketRole role : SocketRole.values()) {
            if (stats.count(role) > 0) {
                line.append(any ? "; " : " ").append(role.label()).append(' ').append(stats.describe(role));
                any = true;
            }
        }
        long dropped = Log.dropped();
        String drops = dropped == 0 ? "" : "; " + dropped + " log lines were dropped";
        Log.info(any ? line + drops : "at exit: no socket was opened" + drops);
    }

    private EventText text() {
        return new EventText(kernel);
    }

    private Outcome outcome(BufferResult result, Direction direction) {
        Outcome outcome = kernel.outcome(result, direction);
        return outcome == Outcome.DIFFERENT && limitsChanged() ? kernel.outcome(result, direction) : outcome;
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
        KernelLimits before = kernel;
        KernelLimits fresh = before.reread();
        kernel = fresh;
        if (fresh.sameCeilings(before)) {
            return false;
        }
        Log.info("the kernel's limits changed since they were read: " + fresh.describe());
        return true;
    }

    /** Every socket at debug; the first sockets of each role at info. */
    private void writeIfWanted(SocketRole role, SocketEnds socket, BufferResult receive, Outcome receiveOutcome,
                               BufferResult send, Outcome sendOutcome, Rule rule) {
        String note = "";
        if (level != LogLevel.DEBUG) {
            int line = level == LogLevel.INFO ? socketLines.take(role) : 0;
            if (line == 0) {
                return;
            }
            if (line == FirstLines.PER_ROLE) {
                note = " (further " + role.label() + " sockets are counted, not logged; -Dsockbuf.log=debug logs each)";
            }
        }
        writeSocketLine(role, socket.ends(), receive, receiveOutcome, send, sendOutcome, note, rule);
    }

    private void writeSocketLine(SocketRole role, Ends ends, BufferResult receive, Outcome receiveOutcome,
                                 BufferResult send, Outcome sendOutcome, String note, Rule rule) {
        EventText text = text();
        String receiveText = text.direction(Direction.RECEIVE, receive, receiveOutcome, true);
        String sendText = role != SocketRole.LISTENER ? ", " + text.direction(Direction.SEND, send, sendOutcome, true)
                : send.requested() != BufferResult.UNSET ? ", for the sockets it accepts: " + text.direction(Direction.SEND, send, sendOutcome, true)
                : sendConfigured ? ", send is set on each accepted socket" : "";
        boolean problem = receiveOutcome.isProblem() || sendOutcome.isProblem();
        Log.event(problem ? "warn" : "info", role.label() + ends.text() + (rule == null ? "" : ", rule \"" + rule + "\"")
                        + ": " + receiveText + sendText + note,
                !Log.asJson() ? null : "\"event\":\"socket\"," + EventText.common(role, ends)
                        + ",\"recv\":" + text.json(receive, receiveOutcome, rule) + ",\"send\":" + text.json(send, sendOutcome, rule));
    }

    private boolean notShownYet(SocketRole role, Direction direction, Outcome outcome) {
        return outcome.isProblem() && (problemsShown[role.ordinal()][direction.ordinal()].get() & (1 << outcome.ordinal())) == 0;
    }

    private boolean firstTime(SocketRole role, Direction direction, Outcome outcome) {
        if (!notShownYet(role, direction, outcome)) {
            return false;
        }
        AtomicInteger shown = problemsShown[role.ordinal()][direction.ordinal()];
        int bit = 1 << outcome.ordinal();
        while (true) {
            int before = shown.get();
            if ((before & bit) != 0) {
                return false;
            }
            if (shown.compareAndSet(before, before | bit)) {
                return true;
            }
        }
    }
}
