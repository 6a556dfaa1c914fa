package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The call woven into a library class (Netty's epoll channels), in front of every RETURN of a
 * constructor. Unlike a JDK class, a library class resolves names through the application's class
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
 * (initialized: it is a constructor's RETURN); the class is read with expanded frames, so ASM
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
    /** A constructor that turned out to call this(...): left as it is. */
    private boolean delegates;

    /**
     * @param writesFrames whether the class file has stack map frames (version 50, Java 6, and later)
     */
    GuardedLibraryCall(MethodVisitor visitor, ClassFacts facts, String methodName, BridgeCall call, boolean writesFrames) {
        super(CallWeaver.ASM_API, visitor);
        this.facts = facts;
        this.constructor = methodName.equals(Hook.CONSTRUCTORS);
        this.owner = facts.internalName;
        this.call = call;
        this.writesFrames = writesFrames;
    }

    /** Whether a call can be woven this way: at exit, object operands in local slots, nothing returned. */
    static boolean fits(BridgeCall call) {
        if (call.atEntry || call.replacesValue || !call.descriptor.endsWith(")V")) {
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
    public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
        delegates |= constructor && facts.isDelegation(opcode, methodOwner, name);
        super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.RETURN && !delegates) {
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

    private void frame(Object[] stack) {
        if (writesFrames) {
            super.visitFrame(Opcodes.F_NEW, 1, new Object[] {owner}, stack.length, stack);
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
