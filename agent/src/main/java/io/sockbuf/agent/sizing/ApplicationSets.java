package io.sockbuf.agent.sizing;

import io.sockbuf.agent.config.LogLevel;
import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.log.SocketEvents;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the modes do when the application (or a library) sets SO_RCVBUF / SO_SNDBUF itself, before
 * the set (override replaces, auto drops) and after it (every mode reports whose size is in
 * force). Reports are written once per call site; the set of call sites seen is bounded (code
 * locations, not sockets).
 */
public final class ApplicationSets {

    /** Returned to a hooked setOption to make it return without setting anything (auto mode). */
    public static final Object SKIP = new Object();

    /** Marks the agent's own setOption calls, which go through the same hooked methods. */
    static final ThreadLocal<Boolean> AGENT_IS_SETTING = new ThreadLocal<>();

    /** Whether this thread is in one of the agent's own setOption calls. */
    public static boolean agentIsSetting() {
        return AGENT_IS_SETTING.get() != null;
    }

    /**
     * An accepted socket's receive size as read at the entry of the application's set, for the same
     * thread's report after the set: the set replaces the inherited size, which told what the socket
     * was counted as. Held for the length of one setOption call.
     */
    private static final ThreadLocal<ReceiveBefore> RECEIVE_BEFORE = new ThreadLocal<>();

    private static final class ReceiveBefore {
        final Object socket;
        final int size;

        ReceiveBefore(Object socket, int size) {
            this.socket = socket;
            this.size = size;
        }
    }

    private static final int MAX_CALL_SITES = 256;
    private static final ConcurrentHashMap<String, Boolean> REPORTED = new ConcurrentHashMap<>();
    /** Application sets reported with their call site at info; beyond that only counted (a stack walk each). */
    private static final int MAX_WALKED_AT_INFO = 1024;
    private static final AtomicInteger WALKED = new AtomicInteger();

    private ApplicationSets() {
    }

    /**
     * Before the set: returns the value to set instead, or {@link #SKIP} to set nothing. The caller
     * has passed over the agent's own sets ({@link #agentIsSetting}), here and in {@link #after}.
     *
     * @param socket the socket; its role told by the hook (java.net impls) or by itself (channels)
     */
    public static Object before(SizingPolicy policy, SocketHandle socket, Direction direction, Object value) throws IOException {
        if (direction == null) {
            return value;
        }
        if (direction == Direction.RECEIVE && socket.roleAtApplicationSet() == SocketRole.ACCEPTED) {
            RECEIVE_BEFORE.set(new ReceiveBefore(socket.socket, SizingPolicy.read(socket, Direction.RECEIVE)));
        }
        Mode.ApplicationSet action = policy.mode().onApplicationSet(direction);
        if (action == Mode.ApplicationSet.PASSES || LeftToTheJdk.appliesTo(socket, direction, value)) {
            return value; // observe: the set goes through as it is; after() reports it with the sizes in force
        }
        String option = direction.optionName();
        if (action == Mode.ApplicationSet.REPLACED) {
            int configured = policy.configured(socket.roleAtApplicationSet(), direction);
            if (configured == BufferResult.UNSET) {
                return value;
            }
            report(policy.events, "override: the application's " + option + "=" + value + " at %s is replaced by " + configured);
            return Integer.valueOf(configured);
        }
        report(policy.events, "auto: the application's " + option + "=" + value
                + " at %s is dropped, so Linux keeps autotuning the receive buffer");
        return SKIP;
    }

    /**
     * After the application's own SO_RCVBUF/SO_SNDBUF went through (every mode): unless the agent
     * replaced the value (override), that size is in force. Its socket gets an {@code application-set}
     * event with the sizes it holds now, and its count moves from the agent's outcome to
     * "application". Nothing is kept per socket: whether the socket was already counted as the
     * application's is told by its other direction (see {@link ApplicationSetEarlier}).
     */
    public static void after(SizingPolicy policy, SocketHandle socket, Direction direction, Object value) throws IOException {
        if (!(value instanceof Integer)) {
            return;
        }
        SocketRole role = socket.roleAtApplicationSet();
        if (role == null) {
            return; // Unix-domain: no TCP window
        }
        int receiveBefore = role == SocketRole.ACCEPTED && direction == Direction.RECEIVE ? takeReceiveBefore(socket) : BufferResult.UNKNOWN;
        boolean connected = role != SocketRole.LISTENER && role != SocketRole.UDP && socket.connected();
        Mode mode = policy.mode();
        Rule rule = policy.ruleAtCreation(role);
        Mode.ApplicationSet action = mode.onApplicationSet(direction);
        if (!LeftToTheJdk.appliesTo(socket, direction, value) && (action == Mode.ApplicationSet.REPLACED
                && policy.sizeFor(rule, direction) != BufferResult.UNSET || action == Mode.ApplicationSet.DROPPED)) {
            if (action == Mode.ApplicationSet.REPLACED && role == SocketRole.ACCEPTED && direction == Direction.RECEIVE) {
                replacedAnInheritedReceive(policy, socket, policy.sizeFor(rule, direction), receiveBefore);
            }
            return; // the agent's size replaced the application's (reported before the set)
        }
        SocketEvents events = policy.events;
        boolean debug = events.level() == LogLevel.DEBUG;
        boolean walk = debug || events.logsStartup() && WALKED.get() < MAX_WALKED_AT_INFO && WALKED.incrementAndGet() <= MAX_WALKED_AT_INFO;
        boolean late = direction == Direction.RECEIVE && connected;
        String callSite = walk || late ? callSite() : null;
        int requested = (Integer) value;
        Direction other = direction.other();

        boolean acceptedReceive = role == SocketRole.ACCEPTED && direction == Direction.RECEIVE;
        BufferResult thisBefore = acceptedReceive
                ? InheritedReceive.countedBefore(receiveBefore, policy, socket.localPort()) // inherited, replaced now; null: the application's
                : agentState(policy, role, direction, rule, BufferResult.UNKNOWN, true);
        BufferResult thisNow = BufferResult.byApplication(requested, SizingPolicy.read(socket, direction), callSite);
        BufferResult agents = acceptedReceive ? agentState(policy, SocketRole.LISTENER, direction, policy.ruleAtCreation(SocketRole.LISTENER),
                BufferResult.UNKNOWN, true) : thisBefore;
        if (agents != null && agents.requested() != BufferResult.UNSET && thisNow.effective() == agents.effective()) {
            // The size the agent's request gets, set again: no later event of this socket can tell it
            // from the agent's (its size is the same), so it stays the agent's, in the event and the count.
            thisNow = acceptedReceive ? BufferResult.inheritedFromTheAgent(agents.requested(), agents.effective()) : agents;
        }
        if (thisNow.byApplication()) {
            ApplicationSizes.seen(direction, thisNow.effective());
            if (role == SocketRole.LISTENER && direction == Direction.RECEIVE) {
                InheritedReceive.applicationSetAListener(thisNow.effective());
            }
        }
        boolean otherIsSet = role.sets(other);
        int otherCurrent = otherIsSet || role == SocketRole.ACCEPTED ? SizingPolicy.read(socket, other) : BufferResult.UNKNOWN;
        // an accepted socket's receive size: inherited (the agent's or not), or the application's, set after accept
        BufferResult otherBefore = otherIsSet ? agentState(policy, role, other, rule, otherCurrent, false)
                : role == SocketRole.ACCEPTED ? InheritedReceive.countedBefore(otherCurrent, policy, socket.localPort())
                : role == SocketRole.LISTENER ? policy.listenerSendNow(socket) // what it holds for its accepted sockets
                : BufferResult.untouched(otherCurrent, false);
        BufferResult otherNow = otherBefore;
        if (otherBefore == null) {
            otherNow = BufferResult.byApplication(BufferResult.UNSET, otherCurrent, null); // set by the application before
        }
        // At info one event per role, direction, size and call site, a late set's warning once per call
        // site (both keys are taken: the warning's event is also its size's); every late set is counted.
        boolean newAtThisSite = callSite != null && firstTime(role.label() + " " + direction.label() + "=" + requested + " at " + callSite);
        boolean lateWarning = late && (debug || callSite != null && firstTime("late " + callSite));
        boolean write = debug || newAtThisSite || lateWarning;
        boolean receiveSet = direction == Direction.RECEIVE;
        BufferResult receiveNow = receiveSet ? thisNow : otherNow;
        BufferResult sendNow = receiveSet ? otherNow : thisNow;
        // An other direction the application set before was counted as the application's by that set:
        // the socket moves from there (from "raised" to "application" when this direction was the agent's raised one).
        events.applicationSet(role, socket, direction, requested, callSite, receiveNow, sendNow,
                receiveSet ? thisBefore : otherNow,
                receiveSet ? otherNow : thisBefore,
                write, connected, lateWarning);
    }

    /**
     * Override: the agent's size replaced the application's on an accepted socket that held its
     * listener's: it holds the agent's now, and its count moves there (no line: the replacement was said before the set).
     */
    private static void replacedAnInheritedReceive(SizingPolicy policy, SocketHandle socket, int agentsSize, int receiveBefore) {
        BufferResult before = InheritedReceive.countedBefore(receiveBefore, policy, socket.localPort());
        if (before == null || !before.listenersSize()) {
            return;
        }
        BufferResult send = agentState(policy, SocketRole.ACCEPTED, Direction.SEND, policy.ruleAtCreation(SocketRole.ACCEPTED),
                SizingPolicy.read(socket, Direction.SEND), false);
        if (send == null) {
            return; // already counted as the application's by its send size
        }
        BufferResult now = BufferResult.applied(agentsSize, SizingPolicy.read(socket, Direction.RECEIVE));
        policy.events.applicationSet(SocketRole.ACCEPTED, socket, Direction.RECEIVE, agentsSize, null, now, send, before, send,
                false, true, false);
    }

    /** This thread's entry-of-the-set read of this socket's receive size, taken (UNKNOWN: none, or another socket's). */
    private static int takeReceiveBefore(SocketHandle socket) {
        ReceiveBefore held = RECEIVE_BEFORE.get();
        if (held == null) {
            return BufferResult.UNKNOWN;
        }
        RECEIVE_BEFORE.remove();
        return held.socket == socket.socket ? held.size : BufferResult.UNKNOWN;
    }

    /**
     * One direction as the agent left it at creation, as it was counted then; null when its size
     * now shows that the application set it before (the socket was already counted as the application's).
     *
     * @param predicted true for the direction being set now, whose earlier size is gone: what the agent's request gets
     */
    private static BufferResult agentState(SizingPolicy policy, SocketRole role, Direction direction, Rule rule, int current,
                                           boolean predicted) {
        int requested = policy.sizeFor(rule, direction);
        KernelLimits kernel = policy.events.kernel();
        boolean setsIt = role.sets(direction);
        if (!setsIt || requested == BufferResult.UNSET || !policy.mode().agentSets(direction)) {
            if (!predicted && setsIt && ApplicationSetEarlier.detected(kernel, role, direction, BufferResult.UNSET, current)
                    && ApplicationSizes.set(direction, current)) {
                return null;
            }
            return BufferResult.untouched(predicted ? KernelLimits.fresh(role, direction) : current, false);
        }
        if (predicted) {
            int granted = kernel.granted(requested, direction);
            return BufferResult.applied(requested, granted == BufferResult.UNKNOWN ? requested : granted);
        }
        return ApplicationSetEarlier.detected(kernel, role, direction, requested, current) ? null : BufferResult.applied(requested, current);
    }

    private static boolean firstTime(String key) {
        return REPORTED.size() < MAX_CALL_SITES && REPORTED.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Writes the message (with %s replaced by the calling frame) the first time for this call site. */
    private static void report(SocketEvents events, String message) {
        String callSite = callSite();
        String key = message.substring(0, message.indexOf('=')) + callSite;
        if (REPORTED.size() >= MAX_CALL_SITES || REPORTED.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        if (events.logsStartup()) {
            Log.info(message.replace("%s", callSite));
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
