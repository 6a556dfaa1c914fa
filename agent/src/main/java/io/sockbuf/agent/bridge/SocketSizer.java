package io.sockbuf.agent.bridge;

import io.sockbuf.agent.log.SocketEvents;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.sizing.ApplicationSets;
import io.sockbuf.agent.sizing.ListenerChannelCall;
import io.sockbuf.agent.sizing.NettyEpollReach;
import io.sockbuf.agent.sizing.SizingPolicy;
import io.sockbuf.agent.sizing.SocketHandle;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The bootstrap-visible entry points that the calls woven into JDK classes (see BridgeCall) reach:
 * right after a socket's file descriptor exists, at connect/bind for rules that need an address,
 * and at the application's own setOption. Each reads the current policy, hands it the socket, and
 * catches everything: an error switches off that entry point (for that role of socket), never
 * reaches the application. Nothing is kept per socket.
 */
public final class SocketSizer {

    /** Returned to a hooked setOption to make it return without setting anything (auto mode). */
    public static final Object SKIP = ApplicationSets.SKIP;

    /**
     * Test-only switch: {@code -Dsockbuf.test.failOn=tcp client} throws inside the agent's socket
     * path for that role, to prove what an unexpected error does (see the README's Guarantees);
     * {@code tcp client:stack overflow} throws a StackOverflowError there, at that role's first socket only.
     */
    static final String FAIL_ON = "sockbuf.test.failOn";
    private static final String STACK_OVERFLOW = ":stack overflow";
    private static volatile String failOn;
    private static volatile boolean stackOverflowInjected;

    /** Null until configured: the hooks then do nothing. */
    private static volatile SizingPolicy policy;
    private static volatile SocketEvents events;
    /**
     * Set when the hooks were installed after the application started (attach; JMX): a socket may
     * have been created before the agent and be connected now, so connect checks whether it was sized.
     */
    private static volatile boolean socketsMayPredateTheAgent;

    /** Told when the JDK is about to need socket classes premain left unloaded; null when nobody listens. */
    private static volatile SocketClassesListener deferredSocketClasses;

    /** Told when a Netty native transport library loads; null once told, or when nobody listens. */
    private static volatile NativeTransportListener nativeTransports;

    private SocketSizer() {
    }

    /** Who to tell (once) when a native transport library ({@code *transport_native_*}) is about to load. */
    public static void whenANativeTransportLoads(NativeTransportListener listener) {
        nativeTransports = listener;
    }

    /** Who to tell when a trigger for socket classes that premain left unloaded runs. */
    public static void whenSocketClassesAreNeeded(SocketClassesListener listener) {
        deferredSocketClasses = listener;
    }

    /** Trigger: a SelectorProvider is being made, ahead of every NIO channel. */
    public static void selectorProviderCreated() {
        socketClassesNeeded("selectorProviderCreated");
    }

    /** Trigger: an AsynchronousChannelProvider is being made, ahead of every asynchronous channel. */
    public static void asynchronousChannelProviderCreated() {
        socketClassesNeeded("asynchronousChannelProviderCreated");
    }

    /** Trigger: JDK 18-21 are about to make the impl of a java.net Socket or ServerSocket (a plain one cannot be ruled out). */
    public static void platformSocketImplCreating() {
        platformSocketImplCreating(true);
    }

    /** Trigger: JDK 13-17 are about to make the impl of a java.net Socket or ServerSocket, a plain one if told so. */
    public static void platformSocketImplCreating(boolean plainImpls) {
        socketClassesNeeded("platformSocketImplCreating");
        if (plainImpls) {
            socketClassesNeeded("plainSocketImplCreating");
        }
    }

    /** Trigger: JDK 11-17 is about to make a plain DatagramSocket impl. */
    public static void datagramSocketImplCreating() {
        socketClassesNeeded("datagramSocketImplCreating");
    }

    private static void socketClassesNeeded(String trigger) {
        SocketClassesListener listener = deferredSocketClasses;
        if (listener == null) {
            return;
        }
        try {
            listener.needed(trigger);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.SOCKET_CLASSES_NEEDED, null, t);
        }
    }

    /** Entry of the JDK's JNI library loading (see install.Hooks.nativeLibraryLoads): the path of every JNI library of the JVM. */
    public static void nativeLibraryLoading(Object library) {
        NativeTransportListener listener = nativeTransports;
        if (listener == null || !(library instanceof String) || !((String) library).contains("transport_native_")
                || SwitchedOff.isOff(EntryPoint.NATIVE_LIBRARY_LOADING)) {
            return;
        }
        try {
            nativeTransports = null;
            listener.loading((String) library);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.NATIVE_LIBRARY_LOADING, null, t);
        }
    }

    /** Until this is called the hooks do nothing; null settings or log switch them off again. */
    public static void configure(Settings settings, SocketEvents log) {
        SwitchedOff.isOff(EntryPoint.BINDING); // initializes both here, not at an application's first socket (see SizingPolicy)
        events = log;
        policy = settings == null || log == null ? null : new SizingPolicy(settings, log);
        if (policy == null) {
            SizingPolicy.listenersMayGoUnseen(); // listeners made meanwhile get nothing from the agent
        }
        failOn = System.getProperty(FAIL_ON);
    }

    /** The hooks went into socket classes loaded before the agent: sockets may exist that it never saw. */
    public static void socketsMayPredateTheAgent() {
        socketsMayPredateTheAgent = true;
    }

    /** A java.net socket impl (NioSocketImpl, or PlainSocketImpl on JDK 11) just made its descriptor. */
    public static void socketImplCreated(Object impl, boolean listener, FileDescriptor fd) {
        SocketRole role = listener ? SocketRole.LISTENER : SocketRole.CLIENT;
        try {
            created(SocketHandle.ofCreatedImpl(impl, role, fd), role, EntryPoint.SOCKET_CREATED);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.SOCKET_CREATED, role, t); // a stack overflow in the handle's constructor, say
        }
    }

    /**
     * JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. Its create
     * marks its Socket created before it returns, so another thread may close it by then: sized
     * through setOption, which checks (no descriptor passed).
     */
    public static void socketImplCreatedWithServerSocket(Object impl, Object serverSocket) {
        socketImplCreated(impl, serverSocket != null, null);
    }

    /** A java.net datagram impl (PlainDatagramSocketImpl) just made its descriptor. */
    public static void datagramImplCreated(Object impl) {
        created(impl, SocketRole.UDP, EntryPoint.DATAGRAM_CREATED);
    }

    /**
     * A java.net socket impl just accepted a connection into {@code acceptedImpl} (plain and SSL
     * alike), on its local port {@code listenerPort} (0 or less: not known).
     */
    public static void socketAccepted(Object acceptedImpl, int listenerPort) {
        try {
            created(SocketHandle.ofAcceptedImpl(acceptedImpl, listenerPort), SocketRole.ACCEPTED, EntryPoint.SOCKET_ACCEPTED);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.SOCKET_ACCEPTED, SocketRole.ACCEPTED, t);
        }
    }

    /** A socket, server socket, datagram or asynchronous channel finished its constructor. */
    public static void channelCreated(Object channel) {
        createdWithItsOwnRole(channel, EntryPoint.CHANNEL_CREATED);
    }

    /**
     * A ServerSocketChannel finished its constructor, and hands over its class's lookup: with the
     * first listener's, the agent defines the class that reaches a listener's descriptor (see
     * ListenerChannelCall).
     */
    public static void listenerChannelCreated(Object channel, Object lookup) {
        if (policy == null || SwitchedOff.isOff(EntryPoint.CHANNEL_CREATED)) {
            return;
        }
        try {
            ListenerChannelCall.learnFrom(lookup);
        } catch (Throwable t) {
            // a stack overflow, say: this listener goes without the class, and is sized as the others
        }
        createdWithItsOwnRole(channel, EntryPoint.CHANNEL_CREATED);
    }

    /** Called by the initialiser of the class ListenerChannelCall defines in sun.nio.ch, with its instance; by nothing else. */
    public static void listenerChannelCallDefined(Object call) {
        try {
            ListenerChannelCall.defined(call);
        } catch (Throwable t) {
            // nothing is taken: listeners go without
        }
    }

    /** One of Netty's epoll channels finished its constructor: its socket exists, not yet bound or connected. */
    public static void nettyEpollChannelCreated(Object channel) {
        // A class of that name that is not the Netty the agent knows fails before its role is known: only this entry point stops.
        createdWithItsOwnRole(channel, EntryPoint.NETTY_EPOLL_CREATED);
    }

    private static void createdWithItsOwnRole(Object socket, EntryPoint entry) {
        if (policy == null || SwitchedOff.isOff(entry)) {
            return;
        }
        try {
            SocketHandle handle = SocketHandle.of(socket);
            SocketRole role = handle == null ? null : handle.role();
            if (role != null) {
                if (entry == EntryPoint.NETTY_EPOLL_CREATED) {
                    NettyEpollReach.sayOnceWhatIsNotReached(policy);
                }
                created(handle, role, entry);
            }
        } catch (Throwable t) {
            reportInternalError(entry, null, t);
        }
    }

    private static void created(Object impl, SocketRole role, EntryPoint entry) {
        try {
            if (policy != null && !SwitchedOff.isOff(entry, role)) {
                created(SocketHandle.ofImpl(impl, role), role, entry);
            }
        } catch (Throwable t) {
            reportInternalError(entry, role, t);
        }
    }

    /** Right after the socket exists: the global sizes, or those of the first rule that needs no address. */
    private static void created(SocketHandle socket, SocketRole role, EntryPoint entry) {
        SizingPolicy current = policy;
        if (current == null || SwitchedOff.isOff(entry, role)) {
            return;
        }
        try {
            if (failOn != null) {
                injectFailure(role);
            }
            current.atCreation(socket, role, socketsMayPredateTheAgent);
        } catch (Throwable t) {
            reportInternalError(entry, role, t);
        }
    }

    // The application's own setOption. Entry (override, observe, auto): returns the value to set,
    // or SKIP. After the set (every mode): reports whose size is in force. Every other option
    // returns after one comparison; whatever goes wrong, the application's value goes through.

    /** Entry of a java.net impl's {@code setOption(int, Object)}: the application sets an option itself. */
    public static Object applicationSetsIntOption(Object impl, int option, Object value) {
        return beforeSet(impl, null, Direction.ofImplOption(option), value);
    }

    /** Entry of a {@code setOption(SocketOption, Object)} of an impl or channel. */
    public static Object applicationSetsOption(Object socket, Object option, Object value) {
        return beforeSet(socket, null, Direction.ofOption(option), value);
    }

    /** Entry of a java.net socket impl's {@code setOption(int, Object)}, told whether it is a listener's. */
    public static Object applicationSetsImplIntOption(Object impl, boolean listener, int option, Object value) {
        return beforeSet(impl, implRole(listener), Direction.ofImplOption(option), value);
    }

    /** JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. */
    public static Object applicationSetsImplIntOptionWithServerSocket(Object impl, Object serverSocket, int option, Object value) {
        return applicationSetsImplIntOption(impl, serverSocket != null, option, value);
    }

    /** Entry of a java.net socket impl's {@code setOption(SocketOption, Object)}, told whether it is a listener's. */
    public static Object applicationSetsImplOption(Object impl, boolean listener, Object option, Object value) {
        return beforeSet(impl, implRole(listener), Direction.ofOption(option), value);
    }

    /** JDK 11's PlainSocketImpl, {@code setOption(SocketOption, Object)}. */
    public static Object applicationSetsImplOptionWithServerSocket(Object impl, Object serverSocket, Object option, Object value) {
        return applicationSetsImplOption(impl, serverSocket != null, option, value);
    }

    public static void applicationSetsIntOptionDone(Object impl, int option, Object value) {
        afterSet(impl, null, Direction.ofImplOption(option), value);
    }

    public static void applicationSetsOptionDone(Object socket, Object option, Object value) {
        afterSet(socket, null, Direction.ofOption(option), value);
    }

    public static void applicationSetsImplIntOptionDone(Object impl, boolean listener, int option, Object value) {
        afterSet(impl, implRole(listener), Direction.ofImplOption(option), value);
    }

    public static void applicationSetsImplIntOptionWithServerSocketDone(Object impl, Object serverSocket, int option, Object value) {
        applicationSetsImplIntOptionDone(impl, serverSocket != null, option, value);
    }

    public static void applicationSetsImplOptionDone(Object impl, boolean listener, Object option, Object value) {
        afterSet(impl, implRole(listener), Direction.ofOption(option), value);
    }

    public static void applicationSetsImplOptionWithServerSocketDone(Object impl, Object serverSocket, Object option, Object value) {
        applicationSetsImplOptionDone(impl, serverSocket != null, option, value);
    }

    private static SocketRole implRole(boolean listener) {
        return listener ? SocketRole.LISTENER : SocketRole.CLIENT;
    }

    /** @param role told by the hook (java.net impls), else null: the socket tells it */
    private static Object beforeSet(Object socket, SocketRole role, Direction direction, Object value) {
        SizingPolicy current = policy;
        if (direction == null || current == null || ApplicationSets.agentIsSetting() || SwitchedOff.isOff(EntryPoint.APPLICATION_SETS)) {
            return value;
        }
        try {
            return ApplicationSets.before(current, handle(socket, role), direction, value);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.APPLICATION_SETS, null, t);
            return value;
        }
    }

    private static void afterSet(Object socket, SocketRole role, Direction direction, Object value) {
        SizingPolicy current = policy;
        // The agent's own sets come through here too, two per new socket: told apart before any work.
        if (direction == null || current == null || ApplicationSets.agentIsSetting() || SwitchedOff.isOff(EntryPoint.APPLICATION_SETS)) {
            return;
        }
        try {
            SocketHandle handle = handle(socket, role);
            if (handle != null) {
                ApplicationSets.after(current, handle, direction, value);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.APPLICATION_SETS, null, t);
        }
    }

    private static SocketHandle handle(Object socket, SocketRole role) {
        return role != null ? SocketHandle.ofImpl(socket, role) : SocketHandle.of(socket);
    }

    /** A java.net client socket is about to connect (NioSocketImpl, PlainSocketImpl). */
    public static void socketImplConnecting(Object impl, Object remote) {
        try {
            connecting(SocketHandle.ofImpl(impl, SocketRole.CLIENT), remote);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CONNECTING, SocketRole.CLIENT, t);
        }
    }

    /** A socket channel (plain or asynchronous) is about to connect. */
    public static void channelConnecting(Object channel, Object remote) {
        SizingPolicy current = policy;
        // Unlike java.net's, a channel's connect sizes no client made before the agent when there is nothing else to do.
        if (current == null || nothingToDoAtConnect(current)) {
            return;
        }
        try {
            SocketHandle handle = SocketHandle.of(channel);
            if (handle != null && handle.role() == SocketRole.CLIENT) {
                connecting(handle, remote);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CONNECTING, SocketRole.CLIENT, t);
        }
    }

    /**
     * One of Netty's epoll channels is about to connect (AbstractEpollChannel.doConnect): as a JDK
     * client, with its own switch. Accepted and UDP channels (a connected datagram) are left alone.
     */
    public static void nettyEpollConnecting(Object channel, Object remote) {
        SizingPolicy current = policy;
        boolean mayPredate = socketsMayPredateTheAgent;
        if (current == null || SwitchedOff.isOff(EntryPoint.NETTY_EPOLL_CONNECTING, SocketRole.CLIENT)
                || !mayPredate && current.nothingToDoAtConnect()) {
            return;
        }
        try {
            SocketHandle handle = SocketHandle.of(channel);
            if (handle != null && handle.role() == SocketRole.CLIENT) {
                current.atConnect(handle, remote, mayPredate, mayPredate && !SwitchedOff.isOff(EntryPoint.NETTY_EPOLL_CREATED, SocketRole.CLIENT));
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.NETTY_EPOLL_CONNECTING, SocketRole.CLIENT, t);
        }
    }

    /**
     * A JDK client is about to connect: apply a rule that needs the address, or else write the
     * socket's line now that the address is known (when the log level wants one). The common case,
     * no rule and no line wanted, returns after two reads.
     */
    private static void connecting(SocketHandle socket, Object remote) {
        SizingPolicy current = policy;
        boolean mayPredate = socketsMayPredateTheAgent;
        if (current == null || !mayPredate && nothingToDoAtConnect(current)) {
            return;
        }
        // Sizing clients switched off by an error: not behind its back at connect either.
        boolean sizePredating = mayPredate && !SwitchedOff.isOff(EntryPoint.CONNECTING, SocketRole.CLIENT)
                && !SwitchedOff.isOff(EntryPoint.SOCKET_CREATED, SocketRole.CLIENT)
                && !SwitchedOff.isOff(EntryPoint.CHANNEL_CREATED, SocketRole.CLIENT);
        if (!sizePredating && nothingToDoAtConnect(current)) {
            return;
        }
        try {
            current.atConnect(socket, remote, mayPredate, sizePredating);
        } catch (Throwable t) {
            reportInternalError(EntryPoint.CONNECTING, SocketRole.CLIENT, t);
        }
    }

    private static boolean nothingToDoAtConnect(SizingPolicy current) {
        return SwitchedOff.isOff(EntryPoint.CONNECTING, SocketRole.CLIENT) || current.nothingToDoAtConnect();
    }

    /** A java.net socket impl is about to bind; for a listener, listen follows. */
    public static void socketImplBinding(Object impl, boolean listener, Object host, int port) {
        try {
            if (listener && anyRuleNeedsAnAddress()) {
                binding(SocketHandle.ofImpl(impl, SocketRole.LISTENER), SocketRole.LISTENER, host, port);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.BINDING, SocketRole.LISTENER, t);
        }
    }

    /** JDK 11's PlainSocketImpl: {@code serverSocket} is set on the impl of a listener. */
    public static void socketImplBindingWithServerSocket(Object impl, Object serverSocket, Object host, int port) {
        socketImplBinding(impl, serverSocket != null, host, port);
    }

    /** JDK 11's PlainDatagramSocketImpl is about to bind. */
    public static void datagramImplBinding(Object impl, int port, Object host) {
        try {
            if (anyRuleNeedsAnAddress()) {
                binding(SocketHandle.ofImpl(impl, SocketRole.UDP), SocketRole.UDP, host, port);
            }
        } catch (Throwable t) {
            reportInternalError(EntryPoint.BINDING, SocketRole.UDP, t);
        }
    }

    /** {@code bind(InetAddress, int)}: a null host is the wildcard address. Never a DNS lookup. */
    private static void binding(SocketHandle socket, SocketRole role, Object host, int port) {
        try {
            bound(socket, role, host instanceof InetAddress ? new InetSocketAddress((InetAddress) host, port) : new InetSocketAddress(port));
        } catch (Throwable t) {
            reportInternalError(EntryPoint.BINDING, role, t);
        }
    }

    /** A server socket channel or datagram channel is about to bind (and listen). */
    public static void channelBinding(Object channel, Object local) {
        channelBinding(channel, local, EntryPoint.BINDING);
    }

    /** One of Netty's epoll channels is about to bind (AbstractEpollChannel.doBind): a listener before listen, or UDP. */
    public static void nettyEpollBinding(Object channel, Object local) {
        channelBinding(channel, local, EntryPoint.NETTY_EPOLL_BINDING);
    }

    private static void channelBinding(Object channel, Object local, EntryPoint entry) {
        if (!anyRuleNeedsAnAddress() || SwitchedOff.isOff(entry)) {
            return;
        }
        SocketRole role = null;
        try {
            SocketHandle handle = SocketHandle.of(channel);
            role = handle == null ? null : handle.role();
            if (role == SocketRole.LISTENER || role == SocketRole.UDP) {
                bound(handle, role, local instanceof InetSocketAddress ? (InetSocketAddress) local : new InetSocketAddress(0), entry);
            }
        } catch (Throwable t) {
            reportInternalError(entry, role, t);
        }
    }

    private static void bound(SocketHandle socket, SocketRole role, InetSocketAddress address) throws Exception {
        bound(socket, role, address, EntryPoint.BINDING);
    }

    private static void bound(SocketHandle socket, SocketRole role, InetSocketAddress address, EntryPoint entry) throws Exception {
        SizingPolicy current = policy;
        if (current != null && !SwitchedOff.isOff(entry, role)) {
            current.atAddress(socket, role, address);
        }
    }

    /** The common case on every bind: return before allocating anything. */
    private static boolean anyRuleNeedsAnAddress() {
        SizingPolicy current = policy;
        return current != null && current.needsAnyAddress();
    }

    /** The test-only failure of {@link #FAIL_ON}, for this role. */
    private static void injectFailure(SocketRole role) {
        if (failOn.equals(role.label())) {
            throw new IllegalStateException("injected by -D" + FAIL_ON);
        }
        if (failOn.equals(role.label() + STACK_OVERFLOW) && !stackOverflowInjected) {
            stackOverflowInjected = true;
            throw new StackOverflowError("injected by -D" + FAIL_ON);
        }
    }

    /**
     * Switches off what failed, that entry point for that role of socket (every role when the error
     * came before the role was known), and says so once: a bug in one path of the agent must not
     * cost the sockets of the others. A stack overflow or out-of-memory error switches nothing off.
     */
    private static void reportInternalError(EntryPoint entry, SocketRole role, Throwable t) {
        try {
            SocketEvents current = events;
            if (t instanceof StackOverflowError || t instanceof OutOfMemoryError) {
                // The application's thread ran out of stack or memory where it stood: nothing is
                // wrong with this path, which stays on. That socket may have gone without its sizes.
                if (role == null || role == SocketRole.LISTENER) {
                    SizingPolicy.listenersMayGoUnseen(); // this listener may not hold the send size
                }
                if (current != null) {
                    current.ranOutWhileSizing(role == null ? "in " + entry.description() : "while sizing a " + role.label() + " socket", t);
                }
                return;
            }
            boolean switchedOff = SwitchedOff.switchOff(entry, role);
            if (switchedOff && (role == null || role == SocketRole.LISTENER)) {
                SizingPolicy.listenersMayGoUnseen(); // the listeners this entry point would have sized
            }
            if (switchedOff && current != null) {
                String where = role == null ? entry.description() : entry.description() + " for " + role.label() + " sockets";
                current.internalError(role == null ? "in " + entry.description() : "while sizing a " + role.label() + " socket",
                        where, t);
            }
        } catch (Throwable ignored) {
            // The log itself failed (e.g. stderr closed): nothing is left to tell, and the socket must work.
        }
    }
}
