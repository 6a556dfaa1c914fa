package io.sockbuf.agent.sizing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

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

    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int FIELDREF = 9;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int NAME_AND_TYPE = 12;

    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESPECIAL = 0xb7;
    private static final int INVOKESTATIC = 0xb8;

    private final ByteArrayOutputStream poolBytes = new ByteArrayOutputStream(512);
    private final DataOutputStream pool = new DataOutputStream(poolBytes);
    private final Map<String, Integer> indexes = new HashMap<>();

    private ListenerChannelClassFile() {
    }

    static byte[] bytes() {
        try {
            return new ListenerChannelClassFile().write();
        } catch (IOException cannot) {
            throw new UncheckedIOException(cannot); // in memory: never
        }
    }

    private byte[] write() throws IOException {
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream(512);
        DataOutputStream body = new DataOutputStream(bodyBytes);
        body.writeShort(0x0010 | 0x0020); // final, super
        body.writeShort(classRef(THIS));
        body.writeShort(classRef("java/lang/Object"));
        body.writeShort(2);
        body.writeShort(classRef("java/util/function/ObjIntConsumer"));
        body.writeShort(classRef("java/util/function/ToIntFunction"));
        body.writeShort(0); // no fields
        body.writeShort(4);
        method(body, 0x0008, "<clinit>", "()V", 2, 0, initializer());
        method(body, 0x0002, "<init>", "()V", 1, 1, constructor());
        method(body, 0x0001, "accept", "(Ljava/lang/Object;I)V", 4, 3, setSend());
        method(body, 0x0001, "applyAsInt", "(Ljava/lang/Object;)I", 3, 2, getSend());
        body.writeShort(0); // no class attributes

        ByteArrayOutputStream file = new ByteArrayOutputStream(poolBytes.size() + bodyBytes.size() + 10);
        DataOutputStream out = new DataOutputStream(file);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(52);
        out.writeShort(indexes.size() + 1);
        poolBytes.writeTo(out);
        bodyBytes.writeTo(out);
        return file.toByteArray();
    }

    /** {@code SocketSizer.listenerChannelCallDefined(new SockbufListenerSend())}. */
    private ByteArrayOutputStream initializer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        DataOutputStream code = new DataOutputStream(bytes);
        code.writeByte(0xbb); // new
        code.writeShort(classRef(THIS));
        code.writeByte(0x59); // dup
        call(code, INVOKESPECIAL, THIS, "<init>", "()V");
        call(code, INVOKESTATIC, BRIDGE, "listenerChannelCallDefined", "(Ljava/lang/Object;)V");
        code.writeByte(0xb1); // return
        return bytes;
    }

    private ByteArrayOutputStream constructor() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
        DataOutputStream code = new DataOutputStream(bytes);
        code.writeByte(0x2a); // aload_0
        call(code, INVOKESPECIAL, "java/lang/Object", "<init>", "()V");
        code.writeByte(0xb1);
        return bytes;
    }

    private ByteArrayOutputStream setSend() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        DataOutputStream code = new DataOutputStream(bytes);
        descriptorAndSendOption(code);
        code.writeByte(0x1c); // iload_2
        call(code, INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;");
        call(code, INVOKESTATIC, NET, "setSocketOption",
                "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;Ljava/lang/Object;)V");
        code.writeByte(0xb1);
        return bytes;
    }

    private ByteArrayOutputStream getSend() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        DataOutputStream code = new DataOutputStream(bytes);
        descriptorAndSendOption(code);
        call(code, INVOKESTATIC, NET, "getSocketOption",
                "(Ljava/io/FileDescriptor;Ljava/net/ProtocolFamily;Ljava/net/SocketOption;)Ljava/lang/Object;");
        code.writeByte(0xc0); // checkcast
        code.writeShort(classRef("java/lang/Integer"));
        call(code, INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I");
        code.writeByte(0xac); // ireturn
        return bytes;
    }

    /** Pushes {@code ((SelChImpl) channel).getFD(), Net.UNSPEC, StandardSocketOptions.SO_SNDBUF}. */
    private void descriptorAndSendOption(DataOutputStream code) throws IOException {
        code.writeByte(0x2b); // aload_1
        code.writeByte(0xc0);
        code.writeShort(classRef(SELECTABLE));
        code.writeByte(0xb9); // invokeinterface
        code.writeShort(ref(INTERFACE_METHODREF, SELECTABLE, "getFD", FD));
        code.writeByte(1);
        code.writeByte(0);
        code.writeByte(0xb2); // getstatic
        code.writeShort(ref(FIELDREF, NET, "UNSPEC", "Ljava/net/ProtocolFamily;"));
        code.writeByte(0xb2);
        code.writeShort(ref(FIELDREF, "java/net/StandardSocketOptions", "SO_SNDBUF", "Ljava/net/SocketOption;"));
    }

    private void call(DataOutputStream code, int opcode, String owner, String name, String descriptor) throws IOException {
        code.writeByte(opcode);
        code.writeShort(ref(METHODREF, owner, name, descriptor));
    }

    private void method(DataOutputStream body, int access, String name, String descriptor, int maxStack, int maxLocals,
                        ByteArrayOutputStream code) throws IOException {
        body.writeShort(access);
        body.writeShort(utf8(name));
        body.writeShort(utf8(descriptor));
        body.writeShort(1);
        body.writeShort(utf8("Code"));
        body.writeInt(12 + code.size());
        body.writeShort(maxStack);
        body.writeShort(maxLocals);
        body.writeInt(code.size());
        code.writeTo(body);
        body.writeShort(0); // no exception table
        body.writeShort(0); // no attributes
    }

    private int utf8(String text) throws IOException {
        Integer known = indexes.get(text);
        if (known != null) {
            return known;
        }
        pool.writeByte(UTF8);
        pool.writeUTF(text); // the class file's modified UTF-8, length first
        return added(text);
    }

    private int classRef(String internalName) throws IOException {
        String key = "class " + internalName;
        Integer known = indexes.get(key);
        if (known != null) {
            return known;
        }
        int name = utf8(internalName);
        pool.writeByte(CLASS);
        pool.writeShort(name);
        return added(key);
    }

    private int ref(int tag, String owner, String name, String descriptor) throws IOException {
        String key = tag + " " + owner + "." + name + descriptor;
        Integer known = indexes.get(key);
        if (known != null) {
            return known;
        }
        int ownerIndex = classRef(owner);
        int nameAndType = nameAndType(name, descriptor);
        pool.writeByte(tag);
        pool.writeShort(ownerIndex);
        pool.writeShort(nameAndType);
        return added(key);
    }

    private int nameAndType(String name, String descriptor) throws IOException {
        String key = "nat " + name + descriptor;
        Integer known = indexes.get(key);
        if (known != null) {
            return known;
        }
        int nameIndex = utf8(name);
        int descriptorIndex = utf8(descriptor);
        pool.writeByte(NAME_AND_TYPE);
        pool.writeShort(nameIndex);
        pool.writeShort(descriptorIndex);
        return added(key);
    }

    private int added(String key) {
        int index = indexes.size() + 1;
        indexes.put(key, index);
        return index;
    }
}
