package io.sockbuf.agent.sizing;

import io.sockbuf.agent.classfile.ClassFileOut;
import io.sockbuf.agent.classfile.ConstantPoolOut;

import static io.sockbuf.agent.classfile.ConstantPoolOut.FIELDREF;
import static io.sockbuf.agent.classfile.ConstantPoolOut.INTERFACE_METHODREF;
import static io.sockbuf.agent.classfile.ConstantPoolOut.METHODREF;

/**
 * The class file {@link ListenerChannelCall} defines in sun.nio.ch, written out by hand (the
 * agent's ASM is not loaded unless a class needs its fallback weaver, and loading it would cost
 * more than this class's few hundred bytes). As Java, with the JDK's own calls:
 *
 * <pre>{@code
 * package sun.nio.ch;
 * final class SockbufListenerSend implements ObjIntConsumer, ToIntFunction {
 *     static { SocketSizer.listenerChannelCallDefined(new SockbufListenerSend()); }
 *     private SockbufListenerSend() { }
 *     public void accept(Object channel, int bytes) {
 *         Net.setSocketOption(((SelChImpl) channel).getFD(), Net.UNSPEC, StandardSocketOptions.SO_SNDBUF, Integer.valueOf(bytes));
 *     }
 *     public int applyAsInt(Object channel) {
 *         return ((Integer) Net.getSocketOption(((SelChImpl) channel).getFD(), Net.UNSPEC, StandardSocketOptions.SO_SNDBUF)).intValue();
 *     }
 * }
 * }</pre>
 *
 * Both Net methods, Net.UNSPEC and SelChImpl.getFD are the same on JDK 11-25; they are what a
 * channel's own setOption calls for SO_RCVBUF (its lock and open check aside). Version 52: no
 * branches, so no stack map frames.
 */
final class ListenerChannelClassFile {

    static final String NAME = "sun.nio.ch.SockbufListenerSend";

    private static final String THIS = "sun/nio/ch/SockbufListenerSend";
    private static final String NET = "sun/nio/ch/Net";
    private static final String SELECTABLE = "sun/nio/ch/SelChImpl";
    private static final String FD = "()Ljava/io/FileDescriptor;";
    private static final String BRIDGE = "io/sockbuf/agent/bridge/SocketSizer";

    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESPECIAL = 0xb7;
    private static final int INVOKESTATIC = 0xb8;

    private final ConstantPoolOut pool = new ConstantPoolOut(1);

    private ListenerChannelClassFile() {
    }

    static byte[] bytes() {
        return new ListenerChannelClassFile().write();
    }

    private byte[] write() {
        ClassFileOut body = new ClassFileOut(512);
        body.u2(0x0010 | 0x0020); // final, super
        body.u2(pool.classRef(THIS));
        body.u2(pool.classRef("java/lang/Object"));
        body.u2(2);
        body.u2(pool.classRef("java/util/function/ObjIntConsumer"));
        body.u2(pool.classRef("java/util/function/ToIntFunction"));
        body.u2(0); // no fields
        body.u2(4);
        method(body, 0x0008, "<clinit>", "()V", 2, 0, initializer());
        method(body, 0x0002, "<init>", "()V", 1, 1, constructor());
        method(body, 0x0001, "accept", "(Ljava/lang/Object;I)V", 4, 3, setSend());
        method(body, 0x0001, "applyAsInt", "(Ljava/lang/Object;)I", 3, 2, getSend());
        body.u2(0); // no class attributes

        ClassFileOut file = new ClassFileOut(pool.bytes().length() + body.length() + 10);
        file.u4(0xCAFEBABE);
        file.u2(0);
        file.u2(52);
        file.u2(pool.nextIndex());
        file.append(pool.bytes());
        file.append(body);
        return file.toByteArray();
    }

    /** {@code SocketSizer.listenerChannelCallDefined(new SockbufListenerSend())}. */
    private ClassFileOut initializer() {
        ClassFileOut code = new ClassFileOut(16);
        code.u1(0xbb); // new
        code.u2(pool.classRef(THIS));
        code.u1(0x59); // dup
        call(code, INVOKESPECIAL, THIS, "<init>", "()V");
        call(code, INVOKESTATIC, BRIDGE, "listenerChannelCallDefined", "(Ljava/lang/Object;)V");
        code.u1(0xb1); // return
        return code;
    }

    private ClassFileOut constructor() {
        ClassFileOut code = new ClassFileOut(8);
        code.u1(0x2a); // aload_0
        call(code, INVOKESPECIAL, "java/lang/Object", "<init>", "()V");
        code.u1(0xb1);
        return code;
    }

    private ClassFileOut setSend() {
        ClassFileOut code = new ClassFileOut(32);
        descriptorAndSendOption(code);
        code.u1(0x1c); // iload_2
        call(code, INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;");
        call(code, INVOKESTATIC, NET, "setSocketOption",
                "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;Ljava/lang/Object;)V");
        code.u1(0xb1);
        return code;
    }

    private ClassFileOut getSend() {
        ClassFileOut code = new ClassFileOut(32);
        descriptorAndSendOption(code);
        call(code, INVOKESTATIC, NET, "getSocketOption",
                "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;)Ljava/lang/Object;");
        code.u1(0xc0); // checkcast
        code.u2(pool.classRef("java/lang/Integer"));
        call(code, INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I");
        code.u1(0xac); // ireturn
        return code;
    }

    /** Pushes {@code ((SelChImpl) channel).getFD(), Net.UNSPEC, StandardSocketOptions.SO_SNDBUF}. */
    private void descriptorAndSendOption(ClassFileOut code) {
        code.u1(0x2b); // aload_1
        code.u1(0xc0);
        code.u2(pool.classRef(SELECTABLE));
        code.u1(0xb9); // invokeinterface
        code.u2(pool.ref(INTERFACE_METHODREF, SELECTABLE, "getFD", FD));
        code.u1(1);
        code.u1(0);
        code.u1(0xb2); // getstatic
        code.u2(pool.ref(FIELDREF, NET, "UNSPEC", "Ljava/net/ProtocolFamily;"));
        code.u1(0xb2);
        code.u2(pool.ref(FIELDREF, "java/net/StandardSocketOptions", "SO_SNDBUF", "Ljava/net/SocketOption;"));
    }

    private void call(ClassFileOut code, int opcode, String owner, String name, String descriptor) {
        code.u1(opcode);
        code.u2(pool.ref(METHODREF, owner, name, descriptor));
    }

    private void method(ClassFileOut body, int access, String name, String descriptor, int maxStack, int maxLocals, ClassFileOut code) {
        body.u2(access);
        body.u2(pool.utf8(name));
        body.u2(pool.utf8(descriptor));
        body.u2(1);
        body.u2(pool.utf8("Code"));
        body.u4(12 + code.length());
        body.u2(maxStack);
        body.u2(maxLocals);
        body.u4(code.length());
        body.append(code);
        body.u2(0); // no exception table
        body.u2(0); // no attributes
    }
}
