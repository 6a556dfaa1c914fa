package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Weaves {@link BridgeCall}s into a class file with Byte Buddy's bundled ASM.
 *
 * <p>Why not Byte Buddy's {@code Advice}: its type pool, annotation handling and dispatchers load
 * about 470 classes on first use and added 115-145 ms wall / 190-220 ms CPU to the start of every
 * JVM here (see README, Performance); this visitor loads a few dozen ASM classes and adds about a
 * third of that. In JDK classes the inserted code is a straight-line static call (at entry, or before
 * each normal return), so stack map frames stay valid as they are and the class needs no
 * recomputation; the one branch, in setOption's replacing form, brings its own frame (see
 * {@code replaceValueOrReturn}).
 * Library classes (found by name ending, any loader) get a {@link GuardedLibraryCall} instead:
 * reflective, inside an exception handler, so nothing can reach the application.
 */
final class CallWeaver {

    static final int ASM_API = Opcodes.ASM9;

    private CallWeaver() {
    }

    /**
     * Returns the woven class file, or null when none of the hooks fits this class. Every hooked
     * method (name and descriptor) for which no hook fitted is added to {@code missing}: the caller
     * reports it, since it means this JDK is built differently from what the hooks expect.
     */
    static byte[] weave(byte[] original, final List<Hook> hooks, final Set<String> missing) {
        ClassReader reader = new ClassReader(original);
        final ClassFacts facts = ClassFacts.header(reader);
        for (Hook hook : hooks) {
            if (!hook.optional) {
                missing.add(hook.describeMethod());
            }
        }
        final boolean[] woven = new boolean[1];
        final boolean library = isLibrary(hooks);
        if (library && facts.majorVersion < Opcodes.V1_5) {
            return null; // no class constants (ldc Object.class) before Java 5: left alone
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(ASM_API, writer) {
            /** The hooks whose fields this class has; known at the first method (the fields come first). */
            private List<Hook> applicable;

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                facts.fields.add(name + descriptor);
                return super.visitField(access, name, descriptor, signature, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (applicable == null) {
                    applicable = applicable(hooks, facts);
                }
                for (Hook hook : applicable) {
                    if (hook.matches(name, descriptor)) {
                        woven[0] = true;
                        missing.remove(hook.describeMethod());
                        return library
                                ? new GuardedLibraryCall(visitor, facts, name, descriptor, hook.call, facts.majorVersion >= Opcodes.V1_6)
                                : new CallInserter(visitor, facts, name, descriptor, hook.call);
                    }
                }
                return visitor;
            }
        }, library ? ClassReader.EXPAND_FRAMES : 0);
        return woven[0] ? writer.toByteArray() : null;
    }

    private static List<Hook> applicable(List<Hook> hooks, ClassFacts facts) {
        List<Hook> applicable = new ArrayList<>();
        for (Hook hook : hooks) {
            if (fieldsExist(hook.call, facts) && (!hook.bySuffix || GuardedLibraryCall.fits(hook.call))) {
                applicable.add(hook);
            }
        }
        return applicable;
    }

    /** Hooks found by name ending are for classes of the application's loaders, never the JDK's. */
    private static boolean isLibrary(List<Hook> hooks) {
        for (Hook hook : hooks) {
            if (!hook.bySuffix) {
                return false;
            }
        }
        return !hooks.isEmpty();
    }

    /** A GETFIELD of a missing field would fail in the application's thread: check first. */
    private static boolean fieldsExist(BridgeCall call, ClassFacts facts) {
        for (BridgeCall.Operand operand : call.operands) {
            if (!operand.isField()) {
                continue;
            }
            if (operand.fieldOwner == null) {
                if (!facts.fields.contains(operand.fieldName + operand.fieldDescriptor)) {
                    return false;
                }
            } else if (!DeclaredFields.declares(operand.fieldOwner, operand.fieldName, operand.fieldDescriptor)) {
                return false;
            }
        }
        return true;
    }

    /** Puts the call at the start of a method, or in front of every RETURN of a void method or constructor. */
    private static final class CallInserter extends MethodVisitor {
        private final ClassFacts facts;
        private final String owner;
        private final String methodDescriptor;
        private final BridgeCall call;
        private final boolean constructor;
        /** A constructor that turned out to call this(...): left as it is. */
        private boolean delegates;

        CallInserter(MethodVisitor visitor, ClassFacts facts, String methodName, String methodDescriptor, BridgeCall call) {
            super(ASM_API, visitor);
            this.facts = facts;
            this.constructor = methodName.equals(Hook.CONSTRUCTORS);
            this.owner = facts.internalName;
            this.methodDescriptor = methodDescriptor;
            this.call = call;
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
            delegates |= constructor && facts.isDelegation(opcode, methodOwner, name);
            super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (call.atEntry) {
                insertCall();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            boolean normalReturn = (opcode == Opcodes.RETURN || opcode == Opcodes.ARETURN) && !delegates;
            if (normalReturn && !call.atEntry) {
                insertCall();
            } else if (normalReturn && call.afterMethod != null) {
                // After the set: the same operands (the value slot holds what was set), a straight-line
                // call before the return, so no frame changes; an ARETURN's value stays below them.
                pushOperands();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BridgeCall.BRIDGE, call.afterMethod, call.afterDescriptor(), false);
            }
            super.visitInsn(opcode);
        }

        private void insertCall() {
            pushOperands();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BridgeCall.BRIDGE, call.method, call.descriptor, false);
            if (call.replacesValue) {
                replaceValueOrReturn();
            }
        }

        private void pushOperands() {
            for (BridgeCall.Operand operand : call.operands) {
                if (operand.isStaticField) {
                    super.visitFieldInsn(Opcodes.GETSTATIC, owner, operand.fieldName, operand.fieldDescriptor);
                } else if (operand.isOwnLookup) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BridgeCall.LOOKUP_OWNER, BridgeCall.LOOKUP_METHOD, BridgeCall.LOOKUP_DESCRIPTOR, false);
                } else if (operand.isField()) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, operand.fieldOwner == null ? owner : operand.fieldOwner,
                            operand.fieldName, operand.fieldDescriptor);
                } else {
                    super.visitVarInsn(operand.isInt ? Opcodes.ILOAD : Opcodes.ALOAD, operand.slot);
                }
            }
        }

        /**
         * {@code value = <result>; if (value == SKIP) return [this];} The branch target gets a frame
         * with the method's initial locals (unchanged: the value slot is an Object parameter) and a
         * NOP, so it never shares its offset with a frame of the original code.
         */
        private void replaceValueOrReturn() {
            super.visitVarInsn(Opcodes.ASTORE, 2);
            super.visitVarInsn(Opcodes.ALOAD, 2);
            super.visitFieldInsn(Opcodes.GETSTATIC, BridgeCall.BRIDGE, BridgeCall.SKIP_FIELD, "Ljava/lang/Object;");
            Label setIt = new Label();
            super.visitJumpInsn(Opcodes.IF_ACMPNE, setIt);
            if (methodDescriptor.endsWith(")V")) {
                super.visitInsn(Opcodes.RETURN);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, 0); // setOption returns the channel itself
                super.visitInsn(Opcodes.ARETURN);
            }
            super.visitLabel(setIt);
            super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            super.visitInsn(Opcodes.NOP);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + call.stackSize(), maxLocals);
        }
    }
}
