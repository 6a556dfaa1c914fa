package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.ExitCall;

/** One exit call woven into one method (or into the constructors) of one JDK class. */
final class Hook {

    static final String CONSTRUCTORS = "<init>";

    final String className;
    final String methodName;
    /** JVM descriptor of the method; null for constructors, where every non-delegating one is hooked. */
    final String descriptor;
    final ExitCall call;

    private Hook(String className, String methodName, String descriptor, ExitCall call) {
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.call = call;
    }

    static Hook method(String className, String methodName, String descriptor, ExitCall call) {
        return new Hook(className, methodName, descriptor, call);
    }

    /**
     * Every constructor that calls {@code super(...)}. Constructors that delegate with
     * {@code this(...)} are left out, so the call happens once per object.
     */
    static Hook constructors(String className, ExitCall call) {
        return new Hook(className, CONSTRUCTORS, null, call);
    }

    String internalClassName() {
        return className.replace('.', '/');
    }

    boolean matches(String name, String methodDescriptor, ClassFacts facts) {
        if (descriptor == null) {
            return name.equals(CONSTRUCTORS) && !facts.delegatingConstructors.contains(methodDescriptor);
        }
        return name.equals(methodName) && methodDescriptor.equals(descriptor);
    }

    String describeTarget() {
        return className + (descriptor == null ? " constructors" : "." + methodName + descriptor) + " -> " + call;
    }
}
