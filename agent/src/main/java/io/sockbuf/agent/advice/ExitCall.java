package io.sockbuf.agent.advice;

/**
 * What a hooked JDK method does on its way out: one static call into
 * {@code io.sockbuf.agent.bridge.SocketSizer}, with the socket and what tells its role. The
 * weaver inserts exactly this before each normal return, nothing else: no branches, no new
 * locals, no exception handler (the bridge catches everything itself).
 */
public final class ExitCall {

    public static final String BRIDGE = "io/sockbuf/agent/bridge/SocketSizer";
    private static final String OBJECT = "Ljava/lang/Object;";

    /** A value pushed for the call. */
    public static final class Operand {
        /** Local slot to load (0 = this, 1 = first argument of an instance method), or -1 for a field of this. */
        public final int slot;
        /** Owner of the field (internal name), or null for the woven class itself. */
        public final String fieldOwner;
        public final String fieldName;
        public final String fieldDescriptor;

        private Operand(int slot, String fieldOwner, String fieldName, String fieldDescriptor) {
            this.slot = slot;
            this.fieldOwner = fieldOwner;
            this.fieldName = fieldName;
            this.fieldDescriptor = fieldDescriptor;
        }

        public boolean isField() {
            return fieldName != null;
        }
    }

    private static final Operand THIS = new Operand(0, null, null, null);
    private static final Operand FIRST_ARGUMENT = new Operand(1, null, null, null);

    public final String method;
    public final String descriptor;
    public final Operand[] operands;

    private ExitCall(String method, String descriptor, Operand... operands) {
        this.method = method;
        this.descriptor = descriptor;
        this.operands = operands;
    }

    /** {@code socketImplCreated(this, this.<listenerField>)} for impls with a boolean listener flag. */
    public static ExitCall socketImplCreated(String booleanListenerField) {
        return new ExitCall("socketImplCreated", "(" + OBJECT + "Z)V", THIS, new Operand(-1, null, booleanListenerField, "Z"));
    }

    /** JDK 11: {@code socketImplCreatedWithServerSocket(this, this.serverSocket)}; the field lives in SocketImpl. */
    public static ExitCall socketImplCreatedWithServerSocket() {
        return new ExitCall("socketImplCreatedWithServerSocket", "(" + OBJECT + OBJECT + ")V",
                THIS, new Operand(-1, "java/net/SocketImpl", "serverSocket", "Ljava/net/ServerSocket;"));
    }

    /** {@code <method>(this)}. */
    public static ExitCall withThis(String method) {
        return new ExitCall(method, "(" + OBJECT + ")V", THIS);
    }

    /** {@code <method>(firstArgument)} for an instance method whose first parameter is an object. */
    public static ExitCall withFirstArgument(String method) {
        return new ExitCall(method, "(" + OBJECT + ")V", FIRST_ARGUMENT);
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
