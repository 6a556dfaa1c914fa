package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import io.sockbuf.agent.classfile.ClassFileOut;
import io.sockbuf.agent.classfile.ConstantPoolOut;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static io.sockbuf.agent.classfile.ConstantPoolOut.CLASS;
import static io.sockbuf.agent.classfile.ConstantPoolOut.FIELDREF;
import static io.sockbuf.agent.classfile.ConstantPoolOut.INTERFACE_METHODREF;
import static io.sockbuf.agent.classfile.ConstantPoolOut.METHODREF;
import static io.sockbuf.agent.classfile.ConstantPoolOut.NAME_AND_TYPE;
import static io.sockbuf.agent.classfile.ConstantPoolOut.UTF8;

/**
 * Weaves the {@link BridgeCall}s of JDK (boot loader) hooks into a class file as bytes, with the
 * same result as {@link CallWeaver} and without ASM: run interpreted at a JVM's start, ASM cost
 * 17-27 ms for the first class plus ~55 ms of JIT compiler CPU, this a fraction of it (README,
 * Performance). The class file is copied as it is except for new constant-pool entries appended at
 * the end of the pool and the Code attributes of the hooked methods ({@link CodePatcher}).
 * Anything it cannot rewrite safely throws {@link Unsupported}: the caller then weaves with ASM.
 *
 * <p>Deliberately plain code: no lambdas, streams, String.format or regex (each boots JDK
 * machinery at startup), one pass over the constant pool, no object per instruction.
 */
final class ClassFilePatcher {

    /** The class file holds something this patcher does not rewrite; weave it with ASM instead. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    static final int OP_ALOAD_0 = 0x2a;
    static final int OP_RETURN = 0xb1;
    static final int OP_ARETURN = 0xb0;
    static final int OP_INVOKESPECIAL = 0xb7;
    private static final int OP_ILOAD = 0x15;
    private static final int OP_ALOAD = 0x19;
    private static final int OP_ILOAD_0 = 0x1a;
    private static final int OP_ASTORE_2 = 0x4d;
    private static final int OP_ALOAD_2 = 0x2c;
    private static final int OP_GETSTATIC = 0xb2;
    private static final int OP_GETFIELD = 0xb4;
    private static final int OP_INVOKESTATIC = 0xb8;
    private static final int OP_IF_ACMPNE = 0xa6;
    private static final int OP_NOP = 0x00;


    static final byte[] INIT = ascii(Hook.CONSTRUCTORS);
    static final byte[] CODE = ascii("Code");
    static final byte[] STACK_MAP_TABLE = ascii("StackMapTable");
    static final byte[] LINE_NUMBER_TABLE = ascii("LineNumberTable");
    static final byte[] LOCAL_VARIABLE_TABLE = ascii("LocalVariableTable");
    static final byte[] LOCAL_VARIABLE_TYPE_TABLE = ascii("LocalVariableTypeTable");
    private static final byte[] BRIDGE_NAME = ascii(BridgeCall.BRIDGE);

    final byte[] in;
    /** Offset of each constant-pool entry's tag, by index (0 and the second slot of a long/double: 0). */
    private final int[] entries;
    private final int poolEnd;
    private final int thisClass;

    /** Constant-pool entries appended after the class file's own. */
    private final ConstantPoolOut added;

    private ClassFilePatcher(byte[] in) {
        this.in = in;
        if (in.length < 10 || u2(0) != 0xCAFE || u2(2) != 0xBABE) {
            throw new Unsupported("not a class file");
        }
        if (u2(6) < 50) {
            throw new Unsupported("class version " + u2(6) + " has no stack map frames");
        }
        int count = u2(8);
        entries = new int[count];
        int offset = 10;
        for (int index = 1; index < count; index++) {
            entries[index] = offset;
            int tag = in[offset] & 0xff;
            switch (tag) {
                case UTF8:
                    offset += 3 + u2(offset + 1);
                    break;
                case 3: case 4: case FIELDREF: case METHODREF: case INTERFACE_METHODREF: case NAME_AND_TYPE: case 17: case 18:
                    offset += 5;
                    break;
                case 5: case 6:
                    offset += 9;
                    index++; // a long or double takes two slots
                    break;
                case CLASS: case 8: case 16: case 19: case 20:
                    offset += 3;
                    break;
                case 15:
                    offset += 4;
                    break;
                default:
                    throw new Unsupported("constant-pool tag " + tag);
            }
        }
        poolEnd = offset;
        added = new ConstantPoolOut(count);
        thisClass = u2(poolEnd + 2);
    }

    /**
     * Whether a class file already calls the bridge: a JDK class woven at load keeps its hooks in
     * the bytes every later retransformation starts from, and must not get them twice. Its constant
     * pool holds the bridge's name then, which no JDK class does otherwise.
     */
    static boolean callsTheBridge(byte[] classFile) {
        byte first = BRIDGE_NAME[0];
        for (int at = 0, last = classFile.length - BRIDGE_NAME.length; at <= last; at++) {
            if (classFile[at] == first && regionEquals(classFile, at, BRIDGE_NAME)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] bytes, int at, byte[] expected) {
        for (int i = 1; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@link CallWeaver#weave}'s contract, for hooks that are not found by name ending. */
    static byte[] weave(byte[] original, List<Hook> hooks, Set<String> missing) {
        for (int i = 0; i < hooks.size(); i++) {
            if (hooks.get(i).bySuffix) {
                throw new Unsupported("library hooks are woven with ASM");
            }
        }
        try {
            return new ClassFilePatcher(original).weave(hooks, missing);
        } catch (IllegalArgumentException nonAscii) {
            throw new Unsupported(nonAscii.getMessage()); // a name ConstantPoolOut does not write
        }
    }

    private byte[] weave(List<Hook> hookList, Set<String> missing) {
        Hook[] hooks = hookList.toArray(new Hook[0]);
        int offset = poolEnd + 6;
        offset += 2 + 2 * u2(offset); // interfaces
        int fields = offset;
        int fieldCount = u2(offset);
        offset += 2;
        for (int i = 0; i < fieldCount; i++) {
            offset = skipAttributes(offset + 6);
        }
        // Names as bytes, compared with the Utf8 constants as they are (String.charAt is slow interpreted).
        byte[][] names = new byte[hooks.length][];
        byte[][] descriptors = new byte[hooks.length][];
        for (int i = 0; i < hooks.length; i++) {
            if (fieldsExist(hooks[i].call, fields)) {
                names[i] = hooks[i].descriptor == null ? INIT : ascii(hooks[i].methodName);
                descriptors[i] = hooks[i].descriptor == null ? null : ascii(hooks[i].descriptor);
            }
        }
        int methodCount = u2(offset);
        offset += 2;
        boolean[] fitted = new boolean[hooks.length];
        int[] codeAttributes = new int[methodCount];
        Hook[] hookOf = new Hook[methodCount];
        int[] descriptorOf = new int[methodCount];
        int hooked = 0;
        boolean woven = false;
        for (int m = 0; m < methodCount; m++) {
            int name = u2(offset + 2);
            int descriptor = u2(offset + 4);
            Hook hook = null;
            int hookIndex = -1;
            for (int i = 0; i < hooks.length && hook == null; i++) {
                if (names[i] != null && utf8Equals(name, names[i]) && (descriptors[i] == null || utf8Equals(descriptor, descriptors[i]))) {
                    hook = hooks[i]; // the first that fits, as CallWeaver
                    hookIndex = i;
                }
            }
            int attributes = offset + 6;
            offset = skipAttributes(attributes);
            if (hook == null) {
                continue;
            }
            woven = true;
            fitted[hookIndex] = true;
            int code = findAttribute(attributes, CODE);
            if (code >= 0) { // abstract or native: nothing to weave, as with ASM
                codeAttributes[hooked] = code;
                hookOf[hooked] = hook;
                descriptorOf[hooked] = descriptor;
                hooked++;
            }
        }
        addMissing(hooks, fitted, missing);
        if (!woven) {
            return null;
        }
        CodePatcher[] patches = new CodePatcher[hooked];
        int growth = 0;
        for (int i = 0; i < hooked; i++) {
            patches[i] = new CodePatcher(this, codeAttributes[i], hookOf[i].methodName.equals(Hook.CONSTRUCTORS),
                    insertedCode(hookOf[i].call, true, endsWithVoid(descriptorOf[i])), insertedCode(hookOf[i].call, false, false),
                    hookOf[i].call.stackSize(), hookOf[i].call.replacesValue);
            growth += patches[i].growth();
        }
        if (added.nextIndex() > 0xffff) {
            throw new Unsupported("constant pool full");
        }
        ClassFileOut out = new ClassFileOut(in.length + added.bytes().length() + growth);
        out.copy(in, 0, 8);
        out.u2(added.nextIndex());
        out.copy(in, 10, poolEnd - 10);
        out.append(added.bytes());
        int copied = poolEnd;
        for (int i = 0; i < hooked; i++) {
            out.copy(in, copied, codeAttributes[i] - copied);
            copied = patches[i].write(out);
        }
        out.copy(in, copied, in.length - copied);
        return out.toByteArray(); // the buffer itself: allocated at its exact size
    }

    /**
     * Each method no hook fitted, as CallWeaver reports it: a method of a hook that is not optional,
     * unless another hook of the same method fitted. Described only when missing: building the
     * description of every hook of every woven class was string work at every JVM's start.
     */
    private static void addMissing(Hook[] hooks, boolean[] fitted, Set<String> missing) {
        for (int i = 0; i < hooks.length; i++) {
            if (!fitted[i] && !hooks[i].optional && !sameMethodFitted(hooks, fitted, hooks[i])) {
                missing.add(hooks[i].describeMethod());
            }
        }
    }

    private static boolean sameMethodFitted(Hook[] hooks, boolean[] fitted, Hook hook) {
        for (int i = 0; i < hooks.length; i++) {
            if (fitted[i] && hooks[i].methodName.equals(hook.methodName)
                    && (hooks[i].descriptor == null ? hook.descriptor == null : hooks[i].descriptor.equals(hook.descriptor))) {
                return true;
            }
        }
        return false;
    }

    /** The bytes CallWeaver's CallInserter emits at entry ({@code entry}) or before a normal return; null for none. */
    private byte[] insertedCode(BridgeCall call, boolean entry, boolean voidMethod) {
        if (entry != call.atEntry && (entry || call.afterMethod == null)) {
            return null;
        }
        if (call.replacesValue && !call.atEntry) {
            throw new Unsupported("a replacing call after the method");
        }
        ClassFileOut code = new ClassFileOut(32);
        pushOperands(call, code);
        code.u1(OP_INVOKESTATIC);
        if (entry || !call.atEntry) {
            code.u2(added.ref(METHODREF, BridgeCall.BRIDGE, call.method, call.descriptor));
        } else {
            code.u2(added.ref(METHODREF, BridgeCall.BRIDGE, call.afterMethod, call.afterDescriptor()));
        }
        if (entry && call.replacesValue) {
            // value = <result>; if (value == SKIP) return [this]; L: [same frame] nop
            code.u1(OP_ASTORE_2);
            code.u1(OP_ALOAD_2);
            code.u1(OP_GETSTATIC);
            code.u2(added.ref(FIELDREF, BridgeCall.BRIDGE, BridgeCall.SKIP_FIELD, "Ljava/lang/Object;"));
            code.u1(OP_IF_ACMPNE);
            code.u2(voidMethod ? 4 : 5);
            if (!voidMethod) {
                code.u1(OP_ALOAD_0);
            }
            code.u1(voidMethod ? OP_RETURN : OP_ARETURN);
            code.u1(OP_NOP); // the branch target: its frame never shares an offset with one of the original code
        }
        return code.toByteArray();
    }

    private void pushOperands(BridgeCall call, ClassFileOut code) {
        for (BridgeCall.Operand operand : call.operands) {
            if (operand.isStaticField) {
                code.u1(OP_GETSTATIC);
                code.u2(added.ref(FIELDREF, thisClass, added.nameAndType(operand.fieldName, operand.fieldDescriptor)));
            } else if (operand.isOwnLookup) {
                code.u1(OP_INVOKESTATIC);
                code.u2(added.ref(METHODREF, BridgeCall.LOOKUP_OWNER, BridgeCall.LOOKUP_METHOD, BridgeCall.LOOKUP_DESCRIPTOR));
            } else if (operand.isField()) {
                int owner = operand.fieldOwner == null ? thisClass : added.classRef(operand.fieldOwner);
                code.u1(OP_ALOAD_0);
                code.u1(OP_GETFIELD);
                code.u2(added.ref(FIELDREF, owner, added.nameAndType(operand.fieldName, operand.fieldDescriptor)));
            } else if (operand.slot < 4) {
                code.u1((operand.isInt ? OP_ILOAD_0 : OP_ALOAD_0) + operand.slot);
            } else if (operand.slot < 256) {
                code.u1(operand.isInt ? OP_ILOAD : OP_ALOAD);
                code.u1(operand.slot);
            } else {
                throw new Unsupported("slot " + operand.slot);
            }
        }
    }

    /** A GETFIELD of a missing field would fail in the application's thread: as CallWeaver.fieldsExist. */
    private boolean fieldsExist(BridgeCall call, int fields) {
        for (BridgeCall.Operand operand : call.operands) {
            if (!operand.isField()) {
                continue;
            }
            if (operand.fieldOwner != null) {
                if (!DeclaredFields.declares(operand.fieldOwner, operand.fieldName, operand.fieldDescriptor)) {
                    return false;
                }
                continue;
            }
            byte[] name = ascii(operand.fieldName);
            byte[] descriptor = ascii(operand.fieldDescriptor);
            boolean found = false;
            int offset = fields + 2;
            for (int i = u2(fields); i > 0 && !found; i--) {
                found = utf8Equals(u2(offset + 2), name) && utf8Equals(u2(offset + 4), descriptor);
                offset = skipAttributes(offset + 6);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWithVoid(int utf8) {
        int end = entries[utf8] + 3 + u2(entries[utf8] + 1);
        return in[end - 2] == ')' && in[end - 1] == 'V';
    }

    /** Whether a Methodref names a constructor of this class: an invokespecial of it is {@code this(...)}. */
    boolean isOwnConstructor(int methodref) {
        int entry = entries[methodref];
        int nameAndType = entries[u2(entry + 3)];
        return utf8Equals(u2(nameAndType + 1), INIT)
                && sameUtf8(u2(entries[u2(entry + 1)] + 1), u2(entries[thisClass] + 1));
    }

    /** The offset of the named attribute in the table at {@code offset} (its count), or -1. */
    private int findAttribute(int offset, byte[] name) {
        int count = u2(offset);
        offset += 2;
        for (int i = 0; i < count; i++) {
            if (utf8Equals(u2(offset), name)) {
                return offset;
            }
            offset += 6 + u4(offset + 2);
        }
        return -1;
    }

    /** Past the attribute table whose count is at {@code offset}. */
    int skipAttributes(int offset) {
        int count = u2(offset);
        offset += 2;
        for (int i = 0; i < count; i++) {
            offset += 6 + u4(offset + 2);
        }
        return offset;
    }

    /** Whether constant {@code index} is the Utf8 {@code ascii} (every name the hooks use is ASCII). */
    boolean utf8Equals(int index, byte[] ascii) {
        int entry = entries[index];
        if (entry == 0 || in[entry] != UTF8 || u2(entry + 1) != ascii.length) {
            return false;
        }
        for (int i = 0, at = entry + 3; i < ascii.length; i++, at++) {
            if (in[at] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an ASCII name, which are its modified UTF-8. */
    static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    private boolean sameUtf8(int first, int second) {
        if (first == second) {
            return true;
        }
        int a = entries[first];
        int b = entries[second];
        int length = u2(a + 1);
        if (length != u2(b + 1)) {
            return false;
        }
        for (int i = 3; i < length + 3; i++) {
            if (in[a + i] != in[b + i]) {
                return false;
            }
        }
        return true;
    }

    /** For CodePatcher: a Utf8 appended (or found among those appended). */
    int utf8(String text) {
        return added.utf8(text);
    }

    int u2(int offset) {
        return ((in[offset] & 0xff) << 8) | (in[offset + 1] & 0xff);
    }

    int u4(int offset) {
        return ((in[offset] & 0xff) << 24) | ((in[offset + 1] & 0xff) << 16) | ((in[offset + 2] & 0xff) << 8) | (in[offset + 3] & 0xff);
    }
}
