package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;

/** One exit call woven into one method (or into the constructors) of one JDK class. */
final class Hook {

    static final String CONSTRUCTORS = "<init>";

    /** Binary name, or for library classes (any loader, any shading prefix) the end of it. */
    final String className;
    final boolean bySuffix;
    final String methodName;
    /** JVM descriptor of the method; null for constructors, where every non-delegating one is hooked. */
    final String descriptor;
    final BridgeCall call;
    /** A method only some JDKs have: its absence is not reported. */
    final boolean optional;
    /** {@link #className} with slashes: compared with the name of every class loaded while the transformer is registered. */
    private final String internalClassName;

    private Hook(String className, boolean bySuffix, String methodName, String descriptor, BridgeCall call) {
        this(className, bySuffix, methodName, descriptor, call, false);
    }

    private Hook(String className, boolean bySuffix, String methodName, String descriptor, BridgeCall call, boolean optional) {
        this.optional = optional;
        this.className = className;
        this.bySuffix = bySuffix;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.call = call;
        this.internalClassName = className.replace('.', '/');
    }

    static Hook method(String className, String methodName, String descriptor, BridgeCall call) {
        return new Hook(className, false, methodName, descriptor, call);
    }

    /**
     * Every constructor that calls {@code super(...)}. Constructors that delegate with
     * {@code this(...)} are left out, so the call happens once per object.
     */
    static Hook constructors(String className, BridgeCall call) {
        return new Hook(className, false, CONSTRUCTORS, null, call);
    }

    /**
     * The constructors of a library class found by the end of its name, whatever package prefix a
     * shading tool gave it (e.g. {@code io.grpc.netty.shaded.io.netty.channel.epoll...}).
     */
    static Hook libraryConstructors(String classNameEnding, BridgeCall call) {
        return new Hook(classNameEnding, true, CONSTRUCTORS, null, call);
    }

    /** A method of a library class found by the end of its name, as {@link #libraryConstructors}. */
    static Hook libraryMethod(String classNameEnding, String methodName, String descriptor, BridgeCall call) {
        return new Hook(classNameEnding, true, methodName, descriptor, call);
    }

    /** The same hook, for a method that only some JDK versions have. */
    Hook whereItExists() {
        return new Hook(className, bySuffix, methodName, descriptor, call, true);
    }

    /** The same method, another call (the setOption hooks differ per mode). */
    Hook withCall(BridgeCall other) {
        return new Hook(className, bySuffix, methodName, descriptor, other, optional);
    }

    String internalClassName() {
        return internalClassName;
    }

    boolean targets(String internalName) {
        return bySuffix ? internalName.endsWith(internalClassName) : internalName.equals(internalClassName);
    }

    /** For constructors every one matches; the weaver leaves out those that delegate (ClassFacts.isDelegation). */
    boolean matches(String name, String methodDescriptor) {
        if (descriptor == null) {
            return name.equals(CONSTRUCTORS);
        }
        return name.equals(methodName) && methodDescriptor.equals(descriptor);
    }

    /** e.g. {@code create(Z)V}, or {@code constructors}; what must exist for this hook (or a variant) to fit. */
    String describeMethod() {
        return descriptor == null ? "constructors" : methodName + descriptor;
    }
}
