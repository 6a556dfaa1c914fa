package io.sockbuf.agent.install;

/** One advice applied to one method (or to the constructors) of one JDK class. */
final class Hook {

    static final String CONSTRUCTORS = "<init>";

    final String className;
    final String methodName;
    /** JVM descriptor of the method; null for constructors, where every non-delegating one is hooked. */
    final String descriptor;
    /** Apply only where the class (or a superclass) declares this field; null for always. */
    final String requiredField;
    /** Binary name of the advice class: named, not loaded, until a target class shows up. */
    final String advice;

    private Hook(String className, String methodName, String descriptor, String requiredField, String advice) {
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.requiredField = requiredField;
        this.advice = advice;
    }

    static Hook method(String className, String methodName, String descriptor, String advice) {
        return new Hook(className, methodName, descriptor, null, advice);
    }

    /**
     * Every constructor that calls {@code super(...)}. Constructors that delegate with
     * {@code this(...)} are left out, so the advice runs once per object.
     */
    static Hook constructors(String className, String advice) {
        return new Hook(className, CONSTRUCTORS, null, null, advice);
    }

    Hook whenFieldExists(String field) {
        return new Hook(className, methodName, descriptor, field, advice);
    }

    String internalClassName() {
        return className.replace('.', '/');
    }

    String describeTarget() {
        return className + (methodName.equals(CONSTRUCTORS) ? " constructors" : "." + methodName + descriptor)
                + (requiredField == null ? "" : " with field " + requiredField);
    }
}
