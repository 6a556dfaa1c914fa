package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.config.Rules;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.SocketLog;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/**
 * The bootstrap-visible bridge that the calls woven into JDK classes (see BridgeCall) reach: right
 * after a socket's file descriptor exists, at connect/bind for rules that need an address, and at
 * the application's own setOption in the modes that watch it. They apply the configured sizes,
 * read back what the kernel granted and report it. They never throw and keep no reference to
 * the socket.
 */
public final class SocketSizer {

    /** Returned to a hooked setOption to make it return without setting anything (auto mode). */
    public static final Object SKIP = new Object();

    /**
     * Test-only switch: {@code -Dsockbuf.test.failOn=tcp client} throws inside the agent's socket
     * path for that kind, to prove what an unexpected error does (see the README's Guarantees).
     */
    static final String FAIL_ON = "sockbuf.test.failOn";
    private static volatile String failOn;

    private static volatile Settings settings;
    /**
     * Set when the hooks were installed after the application started (attach; JMX): a socket may
     * have been created before the agent and be connected now, so connect checks whether it was sized.
     */
    private static volatile boolean socketsMayPredateTheAgent;
    private static volatile SocketLog log;

    private SocketSizer() {
    }

    /** Until this is called the hooks do nothing. */
    public static void configure(Settings newSettings, SocketLog newLog) {
        if (newLog != null && newSettings != null) {
            newLog.sendConfigured(sendConfigured(newSettings));
        }
        log = newLog;
        settings = newSettings;
        failOn = System.getProperty(FAIL_ON);
    }

    /** Whether accepted sockets get a send size from the agent: globally, or from some rule for accepted sockets. */
    private static boolean sendConfigured(Settings current) {
        if (current.mode() == Mode.OBSERVE) {
            return false;
        }
        if (current.sendBuffer() != Settings.UNSET) {
            return true;
        }
        for (Rule rule : current.rules().all()) {
            if (rule.sendBuffer() != Settings.UNSET) {
                return true;
            }
        }
        return false;
    }

    /** The hooks went into socket classes loaded before the agent: sockets may exist that it never saw. */
    public static void socketsMayPredateTheAgent() {
        socketsMayPredateTheAgent = true;
    }

    /** A java.net socket impl (NioSocketImpl, or PlainSocketImpl on JDK 11) just made its descriptor. */
    public static void socketImplCreated(Object impl, boolean listener) {
        size(impl, listener ? SocketKind.TCP_LISTENER : SocketKind.TCP_CLIENT, EntryPoint.SOCKET_CREATED);
    }

    /** JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. */
    public static void socketImplCreatedWithServerSocket(Object impl, Object serverSocket) {
        socketImplCreated(impl, serverSocket != null);
    }

    /** A java.net datagram impl (PlainDatagramSocketImpl) just made its descriptor. */
    public static void datagramImplCreated(Object impl) {
        size(impl, SocketKind.UDP, EntryPoint.DATAGRAM_CREATED);
    }

    /** A java.net socket impl just accepted a connection into {@code acceptedImpl} (plain and SSL alike). */
    public static void socketAccepted(Object acceptedImpl) {
        size(acceptedImpl, SocketKind.TCP_ACCEPTED, EntryPoint.SOCKET_ACCEPTED);
    }

    /** A socket, server socket, datagram or asynchronous channel finished its constructor. */
    public static void channelCreated(Object channel) {
        if (SwitchedOff.isOff(EntryPoint.CHANNEL_CREATED)) {
            return;
        }
        try {
            SocketKind kind = ChannelKinds.of(channel);
            if (kind != null) {
                size(channel, kind, EntryPoint.CHANNEL_CREATED);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CHANNEL_CREATED, null, t);
        }
    }

    /** One of Netty's epoll channels finished its constructor: its socket exists, not yet bound or connected. */
    public static void nettyEpollChannelCreated(Object channel) {
        if (SwitchedOff.isOff(EntryPoint.NETTY_EPOLL_CREATED)) {
            return;
        }
        try {
            SocketKind kind = NettyEpollSocket.kindOf(channel);
            if (kind != null) {
                NettyEpollReach.sayOnceWhatIsNotReached(settings);
                size(NettyEpollSocket.of(channel), kind, EntryPoint.NETTY_EPOLL_CREATED);
            }
        } catch (Throwable t) {
            // A class of that name that is not the Netty the agent knows: only this entry point stops.
            reportInternalError(EntryPoint.NETTY_EPOLL_CREATED, null, t);
        }
    }

    /** Entry of a java.net impl's {@code setOption(int, Object)}: the application sets an option itself. */
    public static Object applicationSetsIntOption(Object impl, int option, Object value) {
        return applicationSets(impl, null, ApplicationSets.bufferOption(option), value);
    }

    /** Entry of a {@code setOption(SocketOption, Object)} of an impl or channel. */
    public static Object applicationSetsOption(Object socket, Object option, Object value) {
        return applicationSets(socket, null, ApplicationSets.bufferOption(option), value);
    }

    /** Entry of a java.net socket impl's {@code setOption(int, Object)}, told whether it is a listener's. */
    public static Object applicationSetsImplIntOption(Object impl, boolean listener, int option, Object value) {
        return applicationSets(impl, listener, ApplicationSets.bufferOption(option), value);
    }

    /** JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. */
    public static Object applicationSetsImplIntOptionWithServerSocket(Object impl, Object serverSocket, int option, Object value) {
        return applicationSetsImplIntOption(impl, serverSocket != null, option, value);
    }

    /** Entry of a java.net socket impl's {@code setOption(SocketOption, Object)}, told whether it is a listener's. */
    public static Object applicationSetsImplOption(Object impl, boolean listener, Object option, Object value) {
        return applicationSets(impl, listener, ApplicationSets.bufferOption(option), value);
    }

    /**
     * The application's own setOption, whichever form: {@code listener} null when the socket tells
     * its role itself (channels), {@code receive} as {@link ApplicationSets#bufferOption} resolved
     * it (a plain comparison, cannot throw). Whatever goes wrong, the application's value goes through.
     */
    private static Object applicationSets(Object socket, Boolean listener, Boolean receive, Object value) {
        if (SwitchedOff.isOff(EntryPoint.APPLICATION_SETS)) {
            return value;
        }
        try {
            SocketKind kind = listener == null ? null : implKind(socket, listener);
            return ApplicationSets.handle(settings, log, socket, kind, receive, value);
        } catch (Throwable t) {
            return unchanged(value, t);
        }
    }

    /** JDK 11's PlainSocketImpl, {@code setOption(SocketOption, Object)}. */
    public static Object applicationSetsImplOptionWithServerSocket(Object impl, Object serverSocket, Object option, Object value) {
        return applicationSetsImplOption(impl, serverSocket != null, option, value);
    }

    // After the set (every mode): the application's own SO_RCVBUF / SO_SNDBUF went through; report
    // whose size is in force. The first comparison lets every other option return at once.

    private static final int INT_RCVBUF = java.net.SocketOptions.SO_RCVBUF;
    private static final int INT_SNDBUF = java.net.SocketOptions.SO_SNDBUF;

    public static void applicationSetsIntOptionDone(Object impl, int option, Object value) {
        if (option != INT_RCVBUF && option != INT_SNDBUF) {
            return;
        }
        afterSet(impl, null, option == INT_RCVBUF, value);
    }

    public static void applicationSetsOptionDone(Object socket, Object option, Object value) {
        if (option != StandardSocketOptions.SO_RCVBUF && option != StandardSocketOptions.SO_SNDBUF) {
            return;
        }
        afterSet(socket, null, option == StandardSocketOptions.SO_RCVBUF, value);
    }

    public static void applicationSetsImplIntOptionDone(Object impl, boolean listener, int option, Object value) {
        if (option != INT_RCVBUF && option != INT_SNDBUF) {
            return;
        }
        afterSet(impl, implKind(impl, listener), option == INT_RCVBUF, value);
    }

    public static void applicationSetsImplIntOptionWithServerSocketDone(Object impl, Object serverSocket, int option, Object value) {
        applicationSetsImplIntOptionDone(impl, serverSocket != null, option, value);
    }

    public static void applicationSetsImplOptionDone(Object impl, boolean listener, Object option, Object value) {
        if (option != StandardSocketOptions.SO_RCVBUF && option != StandardSocketOptions.SO_SNDBUF) {
            return;
        }
        afterSet(impl, implKind(impl, listener), option == StandardSocketOptions.SO_RCVBUF, value);
    }

    public static void applicationSetsImplOptionWithServerSocketDone(Object impl, Object serverSocket, Object option, Object value) {
        applicationSetsImplOptionDone(impl, serverSocket != null, option, value);
    }

    private static void afterSet(Object socket, SocketKind kind, boolean receive, Object value) {
        if (SwitchedOff.isOff(EntryPoint.APPLICATION_SETS)) {
            return;
        }
        try {
            ApplicationSets.afterSet(settings, log, socket, kind, receive, value);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.APPLICATION_SETS, null, t);
        }
    }

    private static SocketKind implKind(Object impl, boolean listener) {
        return listener ? SocketKind.TCP_LISTENER : SocketKind.TCP_CLIENT;
    }

    /** Whatever went wrong, the application's own value goes through as it asked. */
    private static Object unchanged(Object value, Throwable t) {
        reportInternalError(EntryPoint.APPLICATION_SETS, null, t);
        return value;
    }

    /** A java.net client socket is about to connect (NioSocketImpl, PlainSocketImpl). */
    public static void socketImplConnecting(Object impl, Object remote) {
        connecting(impl, remote);
    }

    /** A java.net socket impl is about to bind; for a listener, listen follows. */
    public static void socketImplBinding(Object impl, boolean listener, Object host, int port) {
        if (!listener || noRuleNeedsAnAddress()) {
            return;
        }
        try {
            sizeAt(impl, SocketKind.TCP_LISTENER, Addresses.of(host, port), EntryPoint.BINDING);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.BINDING, SocketKind.TCP_LISTENER, t);
        }
    }

    /** JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. */
    public static void socketImplBindingWithServerSocket(Object impl, Object serverSocket, Object host, int port) {
        socketImplBinding(impl, serverSocket != null, host, port);
    }

    /** JDK 11's PlainDatagramSocketImpl is about to bind. */
    public static void datagramImplBinding(Object impl, int port, Object host) {
        if (noRuleNeedsAnAddress()) {
            return;
        }
        try {
            sizeAt(impl, SocketKind.UDP, Addresses.of(host, port), EntryPoint.BINDING);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.BINDING, SocketKind.UDP, t);
        }
    }

    /** A socket channel (plain or asynchronous) is about to connect. */
    public static void channelConnecting(Object channel, Object remote) {
        if (nothingToDoAtConnect()) {
            return;
        }
        try {
            if (ChannelKinds.of(channel) == SocketKind.TCP_CLIENT) {
                connecting(channel, remote);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CONNECTING, SocketKind.TCP_CLIENT, t);
        }
    }

    /** A server socket channel or datagram channel is about to bind (and listen). */
    public static void channelBinding(Object channel, Object local) {
        if (noRuleNeedsAnAddress()) {
            return;
        }
        SocketKind kind = null;
        try {
            kind = ChannelKinds.of(channel);
            if (kind == SocketKind.TCP_LISTENER || kind == SocketKind.UDP) {
                InetSocketAddress address = Addresses.of(local);
                sizeAt(channel, kind, address != null ? address : new InetSocketAddress(0), EntryPoint.BINDING);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.BINDING, kind, t);
        }
    }

    /** No rule needs a client's address and the log wants no more client lines: the common case on every connect. */
    private static boolean nothingToDoAtConnect() {
        Settings current = settings;
        SocketLog currentLog = log;
        return current == null || currentLog == null || SwitchedOff.isOff(EntryPoint.CONNECTING, SocketKind.TCP_CLIENT)
                || !current.rules().needsAddress(Rule.Role.CLIENT) && !currentLog.wantsLineAtConnect(SocketKind.TCP_CLIENT);
    }

    /** The common case on every bind: return before allocating anything. */
    private static boolean noRuleNeedsAnAddress() {
        Settings current = settings;
        return current == null || !current.rules().needsAnyAddress();
    }

    /** Right after the socket exists: the global sizes, or those of the first rule that needs no address. */
    private static void size(Object target, SocketKind kind, EntryPoint entry) {
        Settings current = settings;
        SocketLog currentLog = log;
        if (current == null || currentLog == null || SwitchedOff.isOff(entry, kind)) {
            return;
        }
        try {
            if (failOn != null && failOn.equals(kind.label())) {
                throw new IllegalStateException("injected by -D" + FAIL_ON);
            }
            Rules rules = current.rules();
            InetSocketAddress address = kind == SocketKind.TCP_ACCEPTED && rules.needsAddress(Rule.Role.ACCEPTED)
                    ? Addresses.ofAccepted(target) : null;
            Rule rule = rules.match(kind.role(), address);
            BufferResult receive = kind.setsReceive()
                    ? apply(target, true, sizeFor(rule, current, true))
                    : kind == SocketKind.TCP_ACCEPTED ? InheritedReceive.atAccept(read(target, true), current)
                    : BufferResult.untouched(read(target, true), false);
            BufferResult send = kind.setsSend()
                    ? apply(target, false, sizeFor(rule, current, false))
                    : BufferResult.untouched(BufferResult.UNKNOWN, false);
            // A JDK client's line waits for connect, where its address is known (Netty epoll has no connect hook).
            // At debug every socket gets a line here too, so a client that never connects is not missing.
            boolean lineAtConnect = kind == SocketKind.TCP_CLIENT && !(target instanceof NettyEpollSocket)
                    && currentLog.level() != io.sockbuf.agent.config.LogLevel.DEBUG;
            currentLog.socket(kind, target, receive, send, lineAtConnect, ruleUsed(rule, current, kind));
        } catch (Throwable t) {
            reportInternalError(entry, kind, t);
        }
    }

    /**
     * At connect (clients) or bind (listeners, UDP), before anything is sent: a rule that needed
     * the port or address and matches now replaces the sizes set at creation.
     */
    /** @return whether a rule that needed the address applied (and wrote its line) */
    private static boolean sizeAt(Object target, SocketKind kind, InetSocketAddress address, EntryPoint entry) {
        Settings current = settings;
        SocketLog currentLog = log;
        if (current == null || currentLog == null || SwitchedOff.isOff(entry, kind) || !current.rules().needsAddress(kind.role())) {
            return false;
        }
        try {
            Rule rule = current.rules().match(kind.role(), address);
            if (rule == null || !rule.needsAddress()) {
                return false; // what was set at creation stands
            }
            Rule atCreation = current.rules().match(kind.role(), null);
            // What the socket had from its creation, as it was counted then: its count moves to the rule's outcome.
            BufferResult receiveBefore = kind.setsReceive() ? atCreation(target, kind, true, atCreation, current)
                    : BufferResult.untouched(BufferResult.UNKNOWN, false);
            BufferResult sendBefore = kind.setsSend() ? atCreation(target, kind, false, atCreation, current)
                    : BufferResult.untouched(BufferResult.UNKNOWN, false);
            BufferResult receive = kind.setsReceive() ? applyRule(target, kind, true, rule, atCreation, current)
                    : BufferResult.untouched(BufferResult.UNKNOWN, false);
            BufferResult send = kind.setsSend() ? applyRule(target, kind, false, rule, atCreation, current)
                    : BufferResult.untouched(BufferResult.UNKNOWN, false);
            currentLog.ruleApplied(kind, target, address, rule, receive, send, receiveBefore, sendBefore);
            return true;
        } catch (Throwable t) {
            reportInternalError(entry, kind, t);
            return true;
        }
    }

    /** One direction as the agent left it at creation (what the socket was counted under then). */
    private static BufferResult atCreation(Object target, SocketKind kind, boolean receive, Rule atCreation, Settings current) {
        int requested = sizeFor(atCreation, current, receive);
        int now = read(target, receive);
        if (agentLeavesAlone(current.mode(), receive, requested)) {
            return BufferResult.untouched(now, false);
        }
        if (ApplicationSetEarlier.detected(kind, receive, requested, now)) {
            // the application set it since creation: its set already moved the count
            return BufferResult.byApplication(Settings.UNSET, now, null);
        }
        return BufferResult.applied(requested, now);
    }

    /**
     * A rule's size at connect/bind; in the modes where the application wins (apply, and auto for
     * what it sets), not over a size the application set itself since creation.
     */
    private static BufferResult applyRule(Object target, SocketKind kind, boolean receive, Rule rule, Rule atCreation,
                                          Settings current) {
        Mode mode = current.mode();
        if (mode == Mode.APPLY || mode == Mode.AUTO) {
            int requestedAtCreation = sizeFor(atCreation, current, receive);
            if (agentLeavesAlone(mode, receive, requestedAtCreation)) {
                requestedAtCreation = Settings.UNSET;
            }
            int now = read(target, receive);
            if (ApplicationSetEarlier.detected(kind, receive, requestedAtCreation, now)) {
                return BufferResult.byApplication(Settings.UNSET, now, null); // the application's own size wins
            }
        }
        return apply(target, receive, sizeFor(rule, current, receive));
    }

    /**
     * A JDK client is about to connect: apply a rule that needs the address, or else write the
     * socket's line now that the address is known (when the log level wants one). The common case,
     * no rule and no line wanted, returns after two reads.
     */
    private static void connecting(Object target, Object remote) {
        Settings current = settings;
        SocketLog currentLog = log;
        SocketKind kind = SocketKind.TCP_CLIENT;
        if (socketsMayPredateTheAgent) {
            sizeIfCreatedBeforeTheAgent(target);
        }
        if (nothingToDoAtConnect()) {
            return;
        }
        boolean rules = current.rules().needsAddress(kind.role());
        try {
            InetSocketAddress address = Addresses.of(remote);
            if (rules && sizeAt(target, kind, address, EntryPoint.CONNECTING) || !currentLog.wantsLineAtConnect(kind) || address == null) {
                return;
            }
            Rule rule = current.rules().match(kind.role(), null);
            currentLog.connecting(kind, target, address, describe(target, true, sizeFor(rule, current, true)),
                    describe(target, false, sizeFor(rule, current, false)), ruleUsed(rule, current, kind));
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CONNECTING, kind, t);
        }
    }

    /**
     * A client created before the agent was attached (its connect runs through the hook now):
     * each direction that still has a new socket's default, where the agent would have set
     * something else at creation, is set now, before the handshake; a direction the application
     * set itself stays. Counted and logged like a socket sized at creation. Stateless: told by
     * the socket's current size (see {@link ApplicationSetEarlier}).
     */
    private static void sizeIfCreatedBeforeTheAgent(Object target) {
        Settings current = settings;
        SocketLog currentLog = log;
        SocketKind kind = SocketKind.TCP_CLIENT;
        if (current == null || currentLog == null || SwitchedOff.isOff(EntryPoint.CONNECTING, kind)
                || SwitchedOff.isOff(EntryPoint.SOCKET_CREATED, kind) || SwitchedOff.isOff(EntryPoint.CHANNEL_CREATED, kind)) {
            return; // sizing clients was switched off by an error: not behind its back at connect either
        }
        try {
            Rule rule = current.rules().match(kind.role(), null);
            int receiveNow = predatesTheAgent(target, true, sizeFor(rule, current, true));
            int sendNow = predatesTheAgent(target, false, sizeFor(rule, current, false));
            if (receiveNow == NOT_PREDATING || sendNow == NOT_PREDATING || receiveNow == LEFT_ALONE && sendNow == LEFT_ALONE) {
                return; // the agent saw this socket at creation, or has nothing to set
            }
            BufferResult receive = receiveNow >= 0 ? apply(target, true, sizeFor(rule, current, true))
                    : BufferResult.untouched(read(target, true), false);
            BufferResult send = sendNow >= 0 ? apply(target, false, sizeFor(rule, current, false))
                    : BufferResult.untouched(read(target, false), false);
            currentLog.socket(kind, target, receive, send, true);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CONNECTING, kind, t);
        }
    }

    private static final int NOT_PREDATING = -2;
    private static final int LEFT_ALONE = -3;
    private static final int SET_BY_THE_APPLICATION = -4;

    /**
     * For one direction: the current size when it is a new socket's default and the agent would
     * have asked for something else ({@code >= 0}: set it now); NOT_PREDATING when it holds what
     * the agent's request gets; SET_BY_THE_APPLICATION or LEFT_ALONE otherwise.
     */
    private static int predatesTheAgent(Object target, boolean receive, int requested) {
        if (agentLeavesAlone(mode(), receive, requested)) {
            return LEFT_ALONE;
        }
        int now = read(target, receive);
        if (now == BufferResult.UNKNOWN || KernelDefaults.grants(requested, now, receive)) {
            return NOT_PREDATING;
        }
        return now == KernelDefaults.fresh(SocketKind.TCP_CLIENT, receive) ? now : SET_BY_THE_APPLICATION;
    }

    /**
     * What this direction has now, against what the agent asked for at creation. Where sockets may
     * predate the agent, a size that is not what the agent's request gets is not the agent's doing:
     * it is reported as not set, never as an outcome of the agent's.
     */
    private static BufferResult describe(Object target, boolean receive, int requested) {
        int now = read(target, receive);
        boolean leftAlone = agentLeavesAlone(mode(), receive, requested);
        if (socketsMayPredateTheAgent && (leftAlone || now != BufferResult.UNKNOWN && !KernelDefaults.grants(requested, now, receive))) {
            return BufferResult.untouched(now, false);
        }
        // A size that is neither what the agent's request gets nor a new socket's default: the application set it since.
        if (ApplicationSetEarlier.detected(SocketKind.TCP_CLIENT, receive, leftAlone ? Settings.UNSET : requested, now)) {
            return BufferResult.byApplication(Settings.UNSET, now, null);
        }
        return leftAlone ? BufferResult.untouched(now, false) : BufferResult.applied(requested, now);
    }

    /** Nothing asked for, or a mode in which the agent does not set this direction (observe; recv in auto). */
    static boolean agentLeavesAlone(Mode mode, boolean receive, int requested) {
        return requested == Settings.UNSET || mode == Mode.OBSERVE || mode == Mode.AUTO && receive;
    }

    private static Mode mode() {
        Settings current = settings;
        return current == null ? Mode.APPLY : current.mode();
    }

    /** The rule whose sizes the agent set, for the log ("agent rule ..."); null when only the global sizes apply. */
    private static Rule ruleUsed(Rule rule, Settings current, SocketKind kind) {
        if (rule == null || current.mode() == Mode.OBSERVE) {
            return null;
        }
        boolean sets = kind.setsReceive() && rule.receiveBuffer() != Settings.UNSET || kind.setsSend() && rule.sendBuffer() != Settings.UNSET;
        return sets ? rule : null;
    }

    static int sizeFor(Rule rule, Settings current, boolean receive) {
        int fromRule = rule == null ? Settings.UNSET : receive ? rule.receiveBuffer() : rule.sendBuffer();
        return fromRule != Settings.UNSET ? fromRule : receive ? current.receiveBuffer() : current.sendBuffer();
    }

    private static BufferResult apply(Object target, boolean receive, int requested) {
        Mode mode = mode();
        if (agentLeavesAlone(mode, receive, requested)) {
            return BufferResult.untouched(read(target, receive), false);
        }
        try {
            setPastTheApplicationHooks(target, receive, requested);
        } catch (Throwable t) {
            return BufferResult.failed(requested, t);
        }
        return BufferResult.applied(requested, read(target, receive));
    }

    /** The hooks on setOption (every mode) must not take the agent's own set for the application's. */
    private static void setPastTheApplicationHooks(Object target, boolean receive, int requested) throws Exception {
        ApplicationSets.AGENT_IS_SETTING.set(Boolean.TRUE);
        try {
            BufferOptions.set(target, receive, requested);
        } finally {
            ApplicationSets.AGENT_IS_SETTING.remove();
        }
    }

    static int read(Object target, boolean receive) {
        try {
            return BufferOptions.get(target, receive);
        } catch (Throwable t) {
            return BufferResult.UNKNOWN;
        }
    }

    /**
     * Switches off what failed, that entry point for that kind of socket (every kind when the error
     * came before the kind was known), and says so once: a bug in one path of the agent must not
     * cost the sockets of the others.
     */
    private static void reportInternalError(EntryPoint entry, SocketKind kind, Throwable t) {
        try {
            SocketLog currentLog = log;
            if (SwitchedOff.switchOff(entry, kind) && currentLog != null) {
                String where = kind == null ? entry.description() : entry.description() + " for " + kind.label() + " sockets";
                currentLog.internalError(kind == null ? "in " + entry.description() : "while sizing a " + kind.label() + " socket",
                        where, t);
            }
        } catch (Throwable ignored) {
            // The log itself failed (e.g. stderr closed): nothing is left to tell, and the socket must work.
        }
    }
}
