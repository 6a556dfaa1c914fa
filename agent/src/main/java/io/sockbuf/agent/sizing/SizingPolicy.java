package io.sockbuf.agent.sizing;

import io.sockbuf.agent.config.LogLevel;
import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Rule;
import io.sockbuf.agent.config.Rules;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.SocketEvents;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the agent does to one socket at each hook, for one set of settings (made anew when they
 * change): the sizes of the settings and rules, in the settings' mode, applied and reported.
 * Throws what goes wrong; the bridge catches it. Keeps nothing per socket.
 */
public final class SizingPolicy {

    /**
     * One socket in this many that is only counted has its sizes read back to check the
     * prediction (see {@link #atCreation}); random, so no counter is shared between threads.
     */
    static final int VERIFY_ONE_IN = 1024;

    final Settings settings;
    final SocketEvents events;
    private final Mode mode;
    private final Rules rules;
    private final ListenerSend listenerSend;
    /** Cleared when a read-back disagreed with the prediction and the limits had not changed: read back every socket from then on. */
    private volatile boolean predicting = true;

    static {
        // Initialized with this class (by the agent's start), not at an application's first socket:
        // a class whose initializer failed once (a thread near its stack limit) fails every later use.
        for (Class<?> socketPath : new Class<?>[] {ListeningPorts.class, InheritedReceive.class, ListenerChannelCall.class,
            ApplicationSizes.class, Mode.ApplicationSet.class}) {
            try {
                Class.forName(socketPath.getName(), true, SizingPolicy.class.getClassLoader());
            } catch (ClassNotFoundException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    public SizingPolicy(Settings settings, SocketEvents events) {
        this.settings = settings;
        this.events = events;
        this.mode = settings.mode();
        this.rules = settings.rules();
        // A rule that needs an accepted socket's address decides its send size only at accept.
        this.listenerSend = new ListenerSend(rules.needsAddress(SocketRole.ACCEPTED) ? BufferResult.UNSET
                : agentRequest(rules.match(SocketRole.ACCEPTED, null), Direction.SEND));
        events.sendConfigured(sendConfigured());
    }

    /** Whether accepted sockets get a send size from the agent: globally, or from some rule for accepted sockets. */
    private boolean sendConfigured() {
        if (!mode.agentSets(Direction.SEND)) {
            return false;
        }
        if (settings.sendBuffer() != Settings.UNSET) {
            return true;
        }
        for (Rule rule : rules.all()) {
            if (rule.sendBuffer() != Settings.UNSET) {
                return true;
            }
        }
        return false;
    }

    public boolean needsAnyAddress() {
        return rules.needsAnyAddress();
    }

    /** No rule needs a client's address and the log wants no more client lines: the common case on every connect. */
    public boolean nothingToDoAtConnect() {
        return !rules.needsAddress(SocketRole.CLIENT) && !events.wantsLineAtConnect(SocketRole.CLIENT);
    }

    /**
     * Right after the socket exists: the global sizes, or those of the first rule that needs no
     * address. What the kernel granted is read back only where a line is written; a socket that is
     * only counted is counted by what the kernel's limits say it grants, and one in
     * {@link #VERIFY_ONE_IN} is read back to check that (a miss re-reads the limits).
     */
    public void atCreation(SocketHandle socket, SocketRole role, boolean mayPredate) throws IOException {
        if (role == SocketRole.ACCEPTED) {
            ListeningPorts.accepted(socket.localPort()); // tells a later set on a connected socket whose it is
        }
        InetSocketAddress address = role == SocketRole.ACCEPTED && rules.needsAddress(SocketRole.ACCEPTED)
                ? socket.acceptedAddress() : null;
        Rule rule = rules.match(role, address);
        // A client's line waits for connect, where its address is known.
        // At debug every socket gets a line here too, so a client that never connects is not missing.
        boolean lineAtConnect = role == SocketRole.CLIENT && events.level() != LogLevel.DEBUG;
        int receiveRequest = role.sets(Direction.RECEIVE) ? agentRequest(rule, Direction.RECEIVE) : BufferResult.UNSET;
        int sendRequest = role.sets(Direction.SEND) ? agentRequest(rule, Direction.SEND) : BufferResult.UNSET;
        boolean sendFromListener = role == SocketRole.ACCEPTED && listenerSend.heldBy(sendRequest, mayPredate);
        Throwable receiveFailure = set(socket, Direction.RECEIVE, receiveRequest, true);
        Throwable sendFailure = sendFromListener ? null : set(socket, Direction.SEND, sendRequest, true);
        if (role == SocketRole.LISTENER) {
            InheritedReceive.listenerMade(receiveFailure == null ? receiveRequest : BufferResult.UNSET, socket);
        }
        boolean inherited = role == SocketRole.ACCEPTED;

        KernelLimits kernel = predicting ? events.kernelForPrediction() : null;
        // An accepted socket's receive size is its listener's: whose it is, is told by its size (see InheritedReceive).
        BufferResult receive = inherited ? InheritedReceive.predicted(this, kernel, mayPredate)
                : predicted(kernel, Direction.RECEIVE, receiveRequest, receiveFailure, false);
        BufferResult send = role == SocketRole.LISTENER ? onTheListener(socket, listenerSend.setOn(socket))
                : predicted(kernel, Direction.SEND, sendRequest, sendFailure, sendFromListener);
        boolean lineWanted = receive == null || send == null || events.wouldWriteLine(role, receive, send, lineAtConnect);
        boolean verify = !lineWanted && ThreadLocalRandom.current().nextInt(VERIFY_ONE_IN) == 0;
        if (lineWanted || verify) {
            BufferResult receiveRead = inherited ? InheritedReceive.atAccept(read(socket, Direction.RECEIVE), this, socket.localPort())
                    : readBack(socket, Direction.RECEIVE, receiveRequest, receiveFailure, false, true);
            BufferResult sendRead = role == SocketRole.LISTENER ? send
                    : sendFromListener ? fromTheListener(socket, sendRequest)
                    : readBack(socket, Direction.SEND, sendRequest, sendFailure, false, true);
            if (verify && (missed(receive, receiveRead) || missed(send, sendRead)) && !events.predictionMissed()) {
                predicting = false; // this kernel grants something else than its limits say: ask it each time
            }
            receive = receiveRead;
            send = sendRead;
        }
        events.socket(role, socket, receive, send, lineAtConnect, ruleUsed(rule, role));
    }

    /**
     * A listener's send size, set for its accepted sockets (UNSET: not set), as the kernel's limits
     * say it holds (the JDK offers no read of it; a sampled accepted socket checks the same prediction).
     */
    private BufferResult onTheListener(SocketHandle listener, int requested) {
        if (requested == BufferResult.UNSET) {
            return BufferResult.untouched(BufferResult.UNKNOWN, false);
        }
        int granted = events.kernel().granted(requested, Direction.SEND);
        return BufferResult.applied(requested, granted != BufferResult.UNKNOWN ? granted : read(listener, Direction.SEND));
    }

    /** The hooks will not see every listener from now on (switched off, or one of their entry points failed). */
    public static void listenersMayGoUnseen() {
        ListenerSend.listenersMayDiffer();
        InheritedReceive.listenersMayDiffer();
    }

    /**
     * A listener's send direction now, for an event after its creation: the agent's where it holds
     * what the agent gives listeners for their accepted sockets, else not the agent's (or not readable).
     */
    BufferResult listenerSendNow(SocketHandle listener) {
        int now = listener.listenerSend();
        int requested = listenerSend.request();
        return requested != BufferResult.UNSET && now != BufferResult.UNKNOWN && events.kernel().grants(requested, now, Direction.SEND)
                ? BufferResult.applied(requested, now) : BufferResult.untouched(now, false);
    }

    /**
     * An accepted socket's send size as read back, where its listener was to give it: one that
     * holds something else after all (a listener the agent did not see) is set now, before the
     * application has it, and so is every accepted socket from then on.
     */
    private BufferResult fromTheListener(SocketHandle socket, int requested) {
        int now = read(socket, Direction.SEND);
        if (now != BufferResult.UNKNOWN && events.kernel().grants(requested, now, Direction.SEND)) {
            return BufferResult.inheritedFromTheAgent(requested, now);
        }
        ListenerSend.listenersMayDiffer();
        Throwable failure = set(socket, Direction.SEND, requested, true);
        return failure != null ? BufferResult.failed(requested, failure) : BufferResult.applied(requested, read(socket, Direction.SEND));
    }

    /** What the agent asks for in this direction, or UNSET where it asks for nothing (not configured; the mode leaves it). */
    private int agentRequest(Rule rule, Direction direction) {
        int requested = sizeFor(rule, direction);
        return mode.agentSets(direction) ? requested : BufferResult.UNSET;
    }

    /**
     * @param unshared whether no other thread can reach the socket yet (a channel in its constructor, an
     *                 impl in its create or just accepted): then below its setOption where possible
     */
    private static Throwable set(SocketHandle socket, Direction direction, int requested, boolean unshared) {
        if (requested == BufferResult.UNSET) {
            return null;
        }
        try {
            if (!unshared || !socket.setBeforeItIsShared(direction, requested)) {
                setPastTheApplicationHooks(socket, direction, requested);
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** What the kernel's limits say this direction holds now; null where they cannot say (then it is read back). */
    private static BufferResult predicted(KernelLimits kernel, Direction direction, int requested, Throwable failure,
                                          boolean inherited) {
        if (failure != null) {
            return BufferResult.failed(requested, failure);
        }
        if (requested == BufferResult.UNSET) {
            return BufferResult.untouched(BufferResult.UNKNOWN, inherited); // not the agent's: its size only matters for a line
        }
        int granted = kernel == null ? BufferResult.UNKNOWN : kernel.granted(requested, direction);
        if (granted == BufferResult.UNKNOWN) {
            return null;
        }
        return inherited ? BufferResult.inheritedFromTheAgent(requested, granted) : BufferResult.applied(requested, granted);
    }

    private static BufferResult readBack(SocketHandle socket, Direction direction, int requested, Throwable failure,
                                         boolean inherited, boolean readable) {
        if (failure != null) {
            return BufferResult.failed(requested, failure);
        }
        int now = readable ? read(socket, direction) : BufferResult.UNKNOWN;
        return requested == BufferResult.UNSET ? BufferResult.untouched(now, inherited) : BufferResult.applied(requested, now);
    }

    private static boolean missed(BufferResult predicted, BufferResult read) {
        return predicted != null && predicted.requested() != BufferResult.UNSET && predicted.failure() == null
                && predicted.effective() != read.effective();
    }

    /**
     * At connect (clients) or bind (listeners, UDP), before anything is sent: a rule that needed
     * the port or address and matches now replaces the sizes set at creation.
     *
     * @return whether a rule that needed the address applied (and wrote its line)
     */
    public boolean atAddress(SocketHandle socket, SocketRole role, InetSocketAddress address) throws IOException {
        if (!rules.needsAddress(role)) {
            return false;
        }
        Rule rule = rules.match(role, address);
        if (rule == null || !rule.needsAddress()) {
            return false; // what was set at creation stands
        }
        Rule atCreation = rules.match(role, null);
        // What the socket had from its creation, as it was counted then: its count moves to the rule's outcome.
        BufferResult receiveBefore = asCreated(socket, role, Direction.RECEIVE, atCreation);
        BufferResult sendBefore = asCreated(socket, role, Direction.SEND, atCreation);
        BufferResult receive = role.sets(Direction.RECEIVE) ? applyRule(socket, role, Direction.RECEIVE, rule, atCreation)
                : BufferResult.untouched(BufferResult.UNKNOWN, false);
        BufferResult send = role.sets(Direction.SEND) ? applyRule(socket, role, Direction.SEND, rule, atCreation)
                : BufferResult.untouched(BufferResult.UNKNOWN, false);
        events.ruleApplied(role, socket.socket, address, rule, receive, send, receiveBefore, sendBefore);
        return true;
    }

    /** One direction as the agent left it at creation (what the socket was counted under then). */
    private BufferResult asCreated(SocketHandle socket, SocketRole role, Direction direction, Rule atCreation) {
        if (!role.sets(direction)) {
            return BufferResult.untouched(BufferResult.UNKNOWN, false);
        }
        int requested = agentRequest(atCreation, direction);
        int now = read(socket, direction);
        if (ApplicationSetEarlier.detected(events.kernel(), role, direction, requested, now)) {
            // the application set it since creation (also where the agent set nothing): its set already moved the count
            return BufferResult.byApplication(BufferResult.UNSET, now, null);
        }
        return requested == BufferResult.UNSET ? BufferResult.untouched(now, false) : BufferResult.applied(requested, now);
    }

    /**
     * A rule's size at connect/bind; in the modes where the application wins (apply, and auto for
     * what it sets), not over a size the application set itself since creation. Where the agent
     * sets nothing in this direction (observe, or no size for it), a size the application set is its own.
     */
    private BufferResult applyRule(SocketHandle socket, SocketRole role, Direction direction, Rule rule, Rule atCreation) {
        int requested = agentRequest(rule, direction);
        if (mode.applicationWinsOverRules() || requested == BufferResult.UNSET) {
            int now = read(socket, direction);
            if (ApplicationSetEarlier.detected(events.kernel(), role, direction, agentRequest(atCreation, direction), now)) {
                return BufferResult.byApplication(BufferResult.UNSET, now, null); // the application's own size wins
            }
        }
        return apply(socket, direction, requested);
    }

    /**
     * A JDK client is about to connect: apply a rule that needs the address, or else write the
     * socket's line now that the address is known (when the log level wants one).
     *
     * @param mayPredate the socket may have been created before the agent was attached
     * @param sizePredating size it now if so (sizing clients was not switched off by an error)
     */
    public void atConnect(SocketHandle socket, Object remote, boolean mayPredate, boolean sizePredating) throws IOException {
        SocketRole role = SocketRole.CLIENT;
        if (sizePredating) {
            sizeIfCreatedBeforeTheAgent(socket);
        }
        if (nothingToDoAtConnect()) {
            return;
        }
        InetSocketAddress address = remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
        if (rules.needsAddress(role) && atAddress(socket, role, address) || !events.wantsLineAtConnect(role) || address == null) {
            return;
        }
        Rule rule = rules.match(role, null);
        events.connecting(role, socket.socket, address, describe(socket, Direction.RECEIVE, rule, mayPredate),
                describe(socket, Direction.SEND, rule, mayPredate), ruleUsed(rule, role));
    }

    /**
     * A client created before the agent was attached (its connect runs through the hook now):
     * each direction that still has a new socket's default, where the agent would have set
     * something else at creation, is set now, before the handshake; a direction the application
     * set itself stays. Counted and logged like a socket sized at creation. Stateless: told by
     * the socket's current size (see {@link ApplicationSetEarlier}).
     */
    private void sizeIfCreatedBeforeTheAgent(SocketHandle socket) {
        Rule rule = rules.match(SocketRole.CLIENT, null);
        int receiveNow = predatesTheAgent(socket, Direction.RECEIVE, agentRequest(rule, Direction.RECEIVE));
        int sendNow = predatesTheAgent(socket, Direction.SEND, agentRequest(rule, Direction.SEND));
        if (receiveNow == NOT_PREDATING || sendNow == NOT_PREDATING || receiveNow == LEFT_ALONE && sendNow == LEFT_ALONE) {
            return; // the agent saw this socket at creation, or has nothing to set
        }
        BufferResult receive = receiveNow >= 0 ? apply(socket, Direction.RECEIVE, agentRequest(rule, Direction.RECEIVE))
                : BufferResult.untouched(read(socket, Direction.RECEIVE), false);
        BufferResult send = sendNow >= 0 ? apply(socket, Direction.SEND, agentRequest(rule, Direction.SEND))
                : BufferResult.untouched(read(socket, Direction.SEND), false);
        events.socket(SocketRole.CLIENT, socket, receive, send, true, null);
    }

    private static final int NOT_PREDATING = -2;
    private static final int LEFT_ALONE = -3;
    private static final int SET_BY_THE_APPLICATION = -4;

    /**
     * For one direction: the current size when it is a new socket's default and the agent would
     * have asked for something else ({@code >= 0}: set it now); NOT_PREDATING when it holds what
     * the agent's request gets; SET_BY_THE_APPLICATION or LEFT_ALONE otherwise.
     */
    private int predatesTheAgent(SocketHandle socket, Direction direction, int requested) {
        if (requested == BufferResult.UNSET) {
            return LEFT_ALONE;
        }
        int now = read(socket, direction);
        if (now == BufferResult.UNKNOWN || events.kernel().grants(requested, now, direction)) {
            return NOT_PREDATING;
        }
        return now == KernelLimits.fresh(SocketRole.CLIENT, direction) ? now : SET_BY_THE_APPLICATION;
    }

    /**
     * What this direction has now, against what the agent asked for at creation. Where sockets may
     * predate the agent, a size that is not what the agent's request gets is not the agent's doing:
     * it is reported as not set, never as an outcome of the agent's.
     */
    private BufferResult describe(SocketHandle socket, Direction direction, Rule rule, boolean mayPredate) {
        int requested = agentRequest(rule, direction);
        int now = read(socket, direction);
        boolean leftAlone = requested == BufferResult.UNSET;
        if (mayPredate && (leftAlone || now != BufferResult.UNKNOWN && !events.kernel().grants(requested, now, direction))) {
            return BufferResult.untouched(now, false);
        }
        // A size that is neither what the agent's request gets nor a new socket's default: the application set it since.
        if (ApplicationSetEarlier.detected(events.kernel(), SocketRole.CLIENT, direction, requested, now)) {
            return BufferResult.byApplication(BufferResult.UNSET, now, null);
        }
        return leftAlone ? BufferResult.untouched(now, false) : BufferResult.applied(requested, now);
    }

    /** The rule whose sizes the agent set, for the log ("agent rule ..."); null when only the global sizes apply. */
    private Rule ruleUsed(Rule rule, SocketRole role) {
        if (rule == null) {
            return null;
        }
        for (Direction direction : Direction.values()) {
            if (role.sets(direction) && mode.agentSets(direction) && rule.size(direction) != Settings.UNSET) {
                return rule;
            }
        }
        return null;
    }

    /** The rule's size for this direction, else the global one (whether the mode applies it or not). */
    int sizeFor(Rule rule, Direction direction) {
        int fromRule = rule == null ? Settings.UNSET : rule.size(direction);
        return fromRule != Settings.UNSET ? fromRule : direction == Direction.RECEIVE ? settings.receiveBuffer() : settings.sendBuffer();
    }

    /** The size the agent asks for in this direction for a socket of this role (rules that need no address, else the global one). */
    int configured(SocketRole role, Direction direction) {
        return sizeFor(role == null ? null : rules.match(role, null), direction);
    }

    Rule ruleAtCreation(SocketRole role) {
        return role == null ? null : rules.match(role, null);
    }

    Mode mode() {
        return mode;
    }

    private BufferResult apply(SocketHandle socket, Direction direction, int requested) {
        if (requested == BufferResult.UNSET) {
            return BufferResult.untouched(read(socket, direction), false);
        }
        Throwable failure = set(socket, direction, requested, false);
        return failure != null ? BufferResult.failed(requested, failure) : BufferResult.applied(requested, read(socket, direction));
    }

    /** The hooks on setOption (every mode) must not take the agent's own set for the application's. */
    private static void setPastTheApplicationHooks(SocketHandle socket, Direction direction, int requested) throws IOException {
        ApplicationSets.AGENT_IS_SETTING.set(Boolean.TRUE);
        try {
            socket.set(direction, requested);
        } finally {
            ApplicationSets.AGENT_IS_SETTING.remove();
        }
    }

    static int read(SocketHandle socket, Direction direction) {
        try {
            return socket.get(direction);
        } catch (Throwable t) {
            return BufferResult.UNKNOWN;
        }
    }
}
