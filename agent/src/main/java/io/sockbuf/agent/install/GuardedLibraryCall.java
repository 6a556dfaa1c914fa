package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The call woven into a library class (Netty's epoll channels), in front of every RETURN of a
 * constructor, or at the entry of a method (Netty's connect and bind). Unlike a JDK class, a library class resolves names through the application's class
 * loader, and an isolating loader (OSGi, JBoss Modules) does not hand {@code io.sockbuf.*} to the
 * boot loader: a direct {@code invokestatic} of the bridge would throw {@code NoClassDefFoundError}
 * into the application. So the bridge is reached through types every loader resolves:
 *
 * <pre>
 * try {
 *     Class.forName("io.sockbuf.agent.bridge.SocketSizer", false, null)   // the boot loader (Boot-Class-Path)
 *          .getMethod(method, Object.class, ...).invoke(null, this, ...);
 * } catch (Throwable dropped) {
 *     // the application goes on exactly as without the agent
 * }
 * return;
 * </pre>
 *
 * The handler and the point after it get full stack map frames holding only {@code this}
 * (initialized: it is a constructor's RETURN), or at a method's entry this and the parameters; the class is read with expanded frames, so ASM
 * compresses the original frames after ours against ours. Only object operands in local slots
 * are supported (the library hooks pass {@code this}).
 */
final class GuardedLibraryCall extends MethodVisitor {

    /** The deepest the inserted code takes the operand stack. */
    static final int STACK = 6;

    private final ClassFacts facts;
    private final String owner;
    private final BridgeCall call;
    private final boolean writesFrames;
    private final boolean constructor;
    /** The locals at the method's entry (this and the parameters), as a frame lists them. */
    private final Object[] entryLocals;
    /** A constructor that turned out to call this(...): left as it is. */
    private boolean delegates;

    /**
     * @param writesFrames whether the class file has stack map frames (version 50, Java 6, and later)
     */
    GuardedLibraryCall(MethodVisitor visitor, ClassFacts facts, String methodName, String methodDescriptor, BridgeCall call,
                       boolean writesFrames) {
        super(CallWeaver.ASM_API, visitor);
        this.facts = facts;
        this.constructor = methodName.equals(Hook.CONSTRUCTORS);
        this.owner = facts.internalName;
        this.call = call;
        this.writesFrames = writesFrames;
        this.entryLocals = entryLocals(facts.internalName, methodDescriptor);
    }

    /**
     * Whether a call can be woven this way: object operands in local slots, nothing returned; at
     * a constructor's exit or an instance method's entry (where the locals are this and the parameters).
     */
    static boolean fits(BridgeCall call) {
        if (call.replacesValue || !call.descriptor.endsWith(")V")) {
            return false;
        }
        for (BridgeCall.Operand operand : call.operands) {
            if (operand.isField() || operand.isInt) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (call.atEntry && !constructor) {
            insertGuardedCall();
            // The original first instruction may carry a frame of its own: never two at one offset.
            super.visitInsn(Opcodes.NOP);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
        delegates |= constructor && facts.isDelegation(opcode, methodOwner, name);
        super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.RETURN && !delegates && constructor && !call.atEntry) {
            insertGuardedCall();
        }
        super.visitInsn(opcode);
    }

    private void insertGuardedCall() {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label after = new Label();
        super.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
        super.visitLabel(start);
        super.visitLdcInsn(BridgeCall.BRIDGE.replace('/', '.'));
        super.visitInsn(Opcodes.ICONST_0);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false);
        super.visitLdcInsn(call.method);
        newArray("java/lang/Class");
        for (int i = 0; i < call.operands.length; i++) {
            super.visitInsn(Opcodes.DUP);
            pushInt(i);
            super.visitLdcInsn(Type.getType(Object.class));
            super.visitInsn(Opcodes.AASTORE);
        }
        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getMethod",
                "(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;", false);
        super.visitInsn(Opcodes.ACONST_NULL);
        newArray("java/lang/Object");
        for (int i = 0; i < call.operands.length; i++) {
            super.visitInsn(Opcodes.DUP);
            pushInt(i);
            super.visitVarInsn(Opcodes.ALOAD, call.operands[i].slot);
            super.visitInsn(Opcodes.AASTORE);
        }
        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/reflect/Method", "invoke",
                "(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false);
        super.visitInsn(Opcodes.POP);
        super.visitLabel(end);
        super.visitJumpInsn(Opcodes.GOTO, after);
        super.visitLabel(handler);
        frame(new Object[] {"java/lang/Throwable"});
        super.visitInsn(Opcodes.POP); // dropped: the application must not notice the agent
        super.visitLabel(after);
        frame(new Object[0]);
    }

    /** At a constructor's RETURN only {@code this} (initialized) is kept; at a method's entry, this and the parameters. */
    private void frame(Object[] stack) {
        if (writesFrames) {
            Object[] locals = constructor ? new Object[] {owner} : entryLocals;
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
        }
    }

    private static Object[] entryLocals(String owner, String methodDescriptor) {
        Type[] parameters = Type.getArgumentTypes(methodDescriptor);
        Object[] locals = new Object[parameters.length + 1];
        locals[0] = owner;
        for (int i = 0; i < parameters.length; i++) {
            locals[i + 1] = frameType(parameters[i]);
        }
        return locals;
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN: case Type.BYTE: case Type.CHAR: case Type.SHORT: case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getInternalName();
        }
    }

    private void newArray(String componentType) {
        pushInt(call.operands.length);
        super.visitTypeInsn(Opcodes.ANEWARRAY, componentType);
    }

    private void pushInt(int value) {
        super.visitIntInsn(Opcodes.BIPUSH, value);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + STACK, maxLocals);
    }
}
