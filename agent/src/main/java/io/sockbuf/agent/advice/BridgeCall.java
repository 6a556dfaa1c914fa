package io.sockbuf.agent.advice;

/**
 * What a hooked JDK method does: one static call into {@code io.sockbuf.agent.bridge.SocketSizer},
 * with the socket and what tells its role or address, either on the way out (the socket exists)
 * or on the way in (connect/bind: the address is known, nothing is sent yet). Into JDK classes
 * the weaver inserts this call and no exception handler (the bridge catches everything itself);
 * the creation, connect and bind hooks are straight-line code, no branch and no new local. The
 * setOption hooks are the exception: at entry (modes other than apply) the call's result is
 * stored into the value parameter's slot (no new local) and compared with {@link #SKIP_FIELD},
 * one branch that returns at once; after the set, a second straight-line call before each normal
 * return. Into library classes (Netty's epoll channels, whose loader may not see the agent) the
 * weaver inserts the same call made by reflection through the boot loader, inside an exception
 * handler that drops any Throwable (see install.GuardedLibraryCall).
 *
 * <p>Every name and descriptor here must be a public static member of the bridge:
 * BridgeContractTest checks them by reflection for every mode's hooks.
 */
public final class BridgeCall {

    public static final String BRIDGE = "io/sockbuf/agent/bridge/SocketSizer";
    /** The bridge's {@code Object} a replacing call returns to make setOption return without setting anything. */
    public static final String SKIP_FIELD = "SKIP";
    /** The call an {@link Operand#isOwnLookup} operand makes in the woven class. */
    public static final String LOOKUP_OWNER = "java/lang/invoke/MethodHandles";
    public static final String LOOKUP_METHOD = "lookup";
    public static final String LOOKUP_DESCRIPTOR = "()Ljava/lang/invoke/MethodHandles$Lookup;";
    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String FILE_DESCRIPTOR = "Ljava/io/FileDescriptor;";

    /** A value pushed for the call. */
    public static final class Operand {
        /** Local slot to load (0 = this, 1 = first argument of an instance method), or -1 for a field. */
        public final int slot;
        /** For a field: a static field of the woven class (GETSTATIC), not one of this (GETFIELD). */
        public final boolean isStaticField;
        /** For a slot: true when it holds an int (loaded with ILOAD), else an object reference. */
        public final boolean isInt;
        /** {@code MethodHandles.lookup()}: the woven class's own full-privilege lookup (slot -1, no field). */
        public final boolean isOwnLookup;
        /** Owner of the field (internal name), or null for the woven class itself. */
        public final String fieldOwner;
        public final String fieldName;
        public final String fieldDescriptor;

        private Operand(int slot, boolean isInt, String fieldOwner, String fieldName, String fieldDescriptor) {
            this(slot, isInt, fieldOwner, fieldName, fieldDescriptor, false);
        }

        private Operand(int slot, boolean isInt, String fieldOwner, String fieldName, String fieldDescriptor, boolean isStaticField) {
            this(slot, isInt, fieldOwner, fieldName, fieldDescriptor, isStaticField, false);
        }

        private Operand(int slot, boolean isInt, String fieldOwner, String fieldName, String fieldDescriptor, boolean isStaticField,
                        boolean isOwnLookup) {
            this.slot = slot;
            this.isStaticField = isStaticField;
            this.isOwnLookup = isOwnLookup;
            this.isInt = isInt;
            this.fieldOwner = fieldOwner;
            this.fieldName = fieldName;
            this.fieldDescriptor = fieldDescriptor;
        }

        public boolean isField() {
            return fieldName != null;
        }
    }

    private static final Operand THIS = new Operand(0, false, null, null, null);
    private static final Operand FIRST_ARGUMENT = new Operand(1, false, null, null, null);
    private static final Operand SECOND_ARGUMENT = new Operand(2, false, null, null, null);
    private static final Operand OWN_LOOKUP = new Operand(-1, false, null, null, null, false, true);
    private static final Operand FIRST_ARGUMENT_INT = new Operand(1, true, null, null, null);
    private static final Operand SECOND_ARGUMENT_INT = new Operand(2, true, null, null, null);

    public final String method;
    public final String descriptor;
    public final boolean atEntry;
    /**
     * Entry of a {@code setOption(option, value)}: the call returns the value to use instead of the
     * second argument, or {@code SocketSizer.SKIP} to return at once without setting anything.
     */
    public final boolean replacesValue;
    public final Operand[] operands;
    /**
     * For the setOption hooks: a second bridge method, {@code <method>Done}, called with the same
     * operands before every normal return (RETURN or ARETURN), after the option was set; null for
     * the other hooks. It sees the value actually set (the one the entry call returned).
     */
    public final String afterMethod;

    private BridgeCall(String method, String descriptor, boolean atEntry, Operand... operands) {
        this(method, descriptor, atEntry, false, operands);
    }

    private BridgeCall(String method, String descriptor, boolean atEntry, boolean replacesValue, Operand... operands) {
        this(method, descriptor, atEntry, replacesValue, null, operands);
    }

    private BridgeCall(String method, String descriptor, boolean atEntry, boolean replacesValue, String afterMethod,
                       Operand... operands) {
        this.method = method;
        this.descriptor = descriptor;
        this.atEntry = atEntry;
        this.replacesValue = replacesValue;
        this.afterMethod = afterMethod;
        this.operands = operands;
    }

    /** The descriptor of {@link #afterMethod}: the same parameters, returning nothing. */
    public String afterDescriptor() {
        return descriptor.substring(0, descriptor.indexOf(')') + 1) + "V";
    }

    /**
     * This setOption call at entry (override, observe, auto: it may replace the value) and its
     * {@code <method>Done} after the set, which reports an application's SO_RCVBUF/SO_SNDBUF.
     */
    public BridgeCall andAfterTheSet() {
        return new BridgeCall(method, descriptor, true, replacesValue, method + "Done", operands);
    }

    /**
     * Apply mode: only {@code <method>Done} after the set, nothing at entry: the application's own
     * value always goes through, and the agent only reports it (the buffer options; every other
     * option returns from the bridge after one comparison).
     */
    public BridgeCall onlyAfterTheSet() {
        return new BridgeCall(method + "Done", afterDescriptor(), false, false, null, operands);
    }

    private static Operand ownField(String name, String descriptor) {
        return new Operand(-1, false, null, name, descriptor);
    }

    /** {@code SocketImpl.localport}, read off the listener's own impl (a subclass: its protected field is reachable). */
    private static Operand localPortField() {
        return new Operand(-1, true, "java/net/SocketImpl", "localport", "I");
    }

    /** {@code SocketImpl.fd}: the descriptor create just made (NioSocketImpl and the plain impls keep it there). */
    private static Operand fdField() {
        return new Operand(-1, false, "java/net/SocketImpl", "fd", FILE_DESCRIPTOR);
    }

    private static Operand serverSocketField() {
        return new Operand(-1, false, "java/net/SocketImpl", "serverSocket", "Ljava/net/ServerSocket;");
    }

    /** Entry: {@code <method>()}, with nothing from the hooked method (a trigger: the JDK is about to need socket classes). */
    public static BridgeCall atEntry(String method) {
        return new BridgeCall(method, "()V", true);
    }

    /** Entry: {@code <method>(<static boolean field of the woven class>)}. */
    public static BridgeCall atEntryWithOwnStaticBoolean(String method, String field) {
        return new BridgeCall(method, "(Z)V", true, new Operand(-1, false, null, field, "Z", true));
    }

    /** Exit: {@code socketImplCreated(this, this.<listenerField>, this.fd)} for impls with a boolean listener flag. */
    public static BridgeCall socketImplCreated(String booleanListenerField) {
        return new BridgeCall("socketImplCreated", "(" + OBJECT + "Z" + FILE_DESCRIPTOR + ")V", false, THIS, ownField(booleanListenerField, "Z"),
                fdField());
    }

    /** Exit, JDK 11: {@code socketImplCreatedWithServerSocket(this, this.serverSocket)}; the field lives in SocketImpl. */
    public static BridgeCall socketImplCreatedWithServerSocket() {
        return new BridgeCall("socketImplCreatedWithServerSocket", "(" + OBJECT + OBJECT + ")V", false, THIS, serverSocketField());
    }

    /** Exit: {@code <method>(this)}. */
    public static BridgeCall withThis(String method) {
        return new BridgeCall(method, "(" + OBJECT + ")V", false, THIS);
    }

    /**
     * Exit of a ServerSocketChannelImpl constructor: {@code listenerChannelCreated(this,
     * MethodHandles.lookup())}. The lookup is the one way into sun.nio.ch that costs neither an
     * opened package nor method handles: with it the agent defines one small class there that
     * reaches the listener's descriptor (sizing.ListenerChannelCall; docs/how-it-works.md).
     */
    public static BridgeCall listenerChannelCreated() {
        return new BridgeCall("listenerChannelCreated", "(" + OBJECT + OBJECT + ")V", false, THIS, OWN_LOOKUP);
    }

    /** Exit: {@code <method>(firstArgument)} for an instance method whose first parameter is an object. */
    public static BridgeCall withFirstArgument(String method) {
        return new BridgeCall(method, "(" + OBJECT + ")V", false, FIRST_ARGUMENT);
    }

    /**
     * Exit of a listener impl's {@code accept(SocketImpl)}: {@code socketAccepted(acceptedImpl, this.localport)};
     * the listener's port is the accepted socket's local port, so it need not be read off the new impl.
     */
    public static BridgeCall socketAccepted() {
        return new BridgeCall("socketAccepted", "(" + OBJECT + "I)V", false, FIRST_ARGUMENT, localPortField());
    }

    /** Entry: {@code <method>(this, firstArgument)}, e.g. a channel and the address it connects or binds to. */
    public static BridgeCall beforeWithFirstArgument(String method) {
        return new BridgeCall(method, "(" + OBJECT + OBJECT + ")V", true, THIS, FIRST_ARGUMENT);
    }

    /** Entry: {@code <method>(this.<field>)}, e.g. the path or name of the JNI library a JDK class is about to load. */
    public static BridgeCall beforeWithOwnField(String method, String field, String fieldDescriptor) {
        return new BridgeCall(method, "(" + OBJECT + ")V", true, ownField(field, fieldDescriptor));
    }

    /** Entry of {@code bind(InetAddress, int)}: {@code socketImplBinding(this, this.<listenerField>, host, port)}. */
    public static BridgeCall beforeSocketImplBind(String booleanListenerField) {
        return new BridgeCall("socketImplBinding", "(" + OBJECT + "Z" + OBJECT + "I)V", true,
                THIS, ownField(booleanListenerField, "Z"), FIRST_ARGUMENT, SECOND_ARGUMENT_INT);
    }

    /** Entry of {@code bind(InetAddress, int)}, JDK 11: the listener is told by {@code SocketImpl.serverSocket}. */
    public static BridgeCall beforeSocketImplBindWithServerSocket() {
        return new BridgeCall("socketImplBindingWithServerSocket", "(" + OBJECT + OBJECT + OBJECT + "I)V", true,
                THIS, serverSocketField(), FIRST_ARGUMENT, SECOND_ARGUMENT_INT);
    }

    /** Entry of JDK 11's {@code AbstractPlainDatagramSocketImpl.bind(int port, InetAddress host)}. */
    public static BridgeCall beforeDatagramImplBind() {
        return new BridgeCall("datagramImplBinding", "(" + OBJECT + "I" + OBJECT + ")V", true,
                THIS, FIRST_ARGUMENT_INT, SECOND_ARGUMENT);
    }

    /** Entry of {@code setOption(int option, Object value)} (java.net impls): the application sets an option. */
    public static BridgeCall applicationSetsIntOption() {
        return new BridgeCall("applicationSetsIntOption", "(" + OBJECT + "I" + OBJECT + ")" + OBJECT, true, true,
                THIS, FIRST_ARGUMENT_INT, SECOND_ARGUMENT);
    }

    /** Entry of {@code setOption(SocketOption option, Object value)} (impls and channels). */
    public static BridgeCall applicationSetsOption() {
        return new BridgeCall("applicationSetsOption", "(" + OBJECT + OBJECT + OBJECT + ")" + OBJECT, true, true,
                THIS, FIRST_ARGUMENT, SECOND_ARGUMENT);
    }

    /** Entry of a java.net socket impl's {@code setOption(int, Object)}, with its listener flag ({@code this.<field>}). */
    public static BridgeCall applicationSetsImplIntOption(String booleanListenerField) {
        return new BridgeCall("applicationSetsImplIntOption", "(" + OBJECT + "ZI" + OBJECT + ")" + OBJECT, true, true,
                THIS, ownField(booleanListenerField, "Z"), FIRST_ARGUMENT_INT, SECOND_ARGUMENT);
    }

    /** The same on JDK 11's PlainSocketImpl, whose listener is told by {@code SocketImpl.serverSocket}. */
    public static BridgeCall applicationSetsImplIntOptionWithServerSocket() {
        return new BridgeCall("applicationSetsImplIntOptionWithServerSocket", "(" + OBJECT + OBJECT + "I" + OBJECT + ")" + OBJECT, true, true,
                THIS, serverSocketField(), FIRST_ARGUMENT_INT, SECOND_ARGUMENT);
    }

    /** Entry of a java.net socket impl's {@code setOption(SocketOption, Object)}, with its listener flag. */
    public static BridgeCall applicationSetsImplOption(String booleanListenerField) {
        return new BridgeCall("applicationSetsImplOption", "(" + OBJECT + "Z" + OBJECT + OBJECT + ")" + OBJECT, true, true,
                THIS, ownField(booleanListenerField, "Z"), FIRST_ARGUMENT, SECOND_ARGUMENT);
    }

    /** The same on JDK 11's PlainSocketImpl. */
    public static BridgeCall applicationSetsImplOptionWithServerSocket() {
        return new BridgeCall("applicationSetsImplOptionWithServerSocket", "(" + OBJECT + OBJECT + OBJECT + OBJECT + ")" + OBJECT, true, true,
                THIS, serverSocketField(), FIRST_ARGUMENT, SECOND_ARGUMENT);
    }

    /** The extra operand stack this call needs at its deepest. */
    public int stackSize() {
        return operands.length + 1; // a field operand loads "this" first, then replaces it
    }

    @Override
    public String toString() {
        return "SocketSizer." + method;
    }
}
