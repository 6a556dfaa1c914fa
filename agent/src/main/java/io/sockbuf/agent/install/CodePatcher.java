package io.sockbuf.agent.install;

import io.sockbuf.agent.classfile.ClassFileOut;

import java.nio.charset.StandardCharsets;

/**
 * Rewrites one Code attribute for {@link ClassFilePatcher}: inserts code at the start and before
 * every normal return, and moves every offset that points into the code (branches, switches,
 * exception table, stack map frames, line numbers, local variables) as ASM's labels would: an
 * offset that named an instruction names the code inserted before it, so a branch to a RETURN
 * runs the exit call, and an exception range ending at a RETURN leaves it out.
 *
 * <p>Two passes over the instructions, no object per instruction: the first computes each
 * instruction's new offset (switch padding changes with the position), the second writes.
 */
final class CodePatcher {

    /** Each opcode's instruction length: S a switch, W wide, 0 not an opcode. */
    private static final byte[] LENGTHS = ("1111111111111111232332222211111111111111111111111111112222211111"
            + "1111111111111111111111111111111111111111111111111111111111111111"
            + "111131111111111111111111133333333333333332SS11111133333335532311"
            + "3311W43355000000000000000000000000000000000000000000000000000000").getBytes(StandardCharsets.ISO_8859_1);
    private static final int IFEQ = 0x99;
    private static final int JSR = 0xa8;
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int IFNULL = 0xc6;
    private static final int IFNONNULL = 0xc7;
    private static final int GOTO_W = 0xc8;
    private static final int JSR_W = 0xc9;
    private static final int IINC = 0x84;

    private final ClassFilePatcher file;
    private final byte[] in;
    private final int attribute;
    private final int code;
    private final int codeLength;
    private final boolean constructor;
    private final byte[] entry;
    private final byte[] exit;
    private final int stackSize;
    /** The entry code branches (setOption's replacing form): its target needs a frame. */
    private final boolean addsFrame;
    /** New offset of each instruction and of the code's end; -1 inside an instruction. */
    private final int[] moved;
    private int growth;
    /** Utf8 index of "StackMapTable" when the method had none and gets one, else 0. */
    private int newStackMapName;

    CodePatcher(ClassFilePatcher file, int attribute, boolean constructor, byte[] entry, byte[] exit, int stackSize, boolean addsFrame) {
        this.file = file;
        this.in = file.in;
        this.attribute = attribute;
        this.code = attribute + 14;
        this.codeLength = file.u4(attribute + 10);
        this.constructor = constructor;
        this.entry = entry;
        this.exit = exit;
        this.stackSize = stackSize;
        this.addsFrame = addsFrame;
        this.moved = new int[codeLength + 1];
        int shift = entry == null ? 0 : entry.length;
        boolean delegates = false;
        int pos = 0;
        while (pos < codeLength) {
            int op = in[code + pos] & 0xff;
            int length = length(op, pos);
            moved[pos] = pos + shift;
            if (exit != null && !delegates && (op == ClassFilePatcher.OP_RETURN || op == ClassFilePatcher.OP_ARETURN)) {
                shift += exit.length;
            } else if (op == TABLESWITCH || op == LOOKUPSWITCH) {
                shift += padding(pos + shift) - padding(pos);
            } else if (constructor && op == ClassFilePatcher.OP_INVOKESPECIAL && file.isOwnConstructor(file.u2(code + pos + 1))) {
                delegates = true;
            }
            for (int i = pos + 1; i < pos + length; i++) {
                moved[i] = -1;
            }
            pos += length;
        }
        moved[codeLength] = codeLength + shift;
        if (moved[codeLength] > 0xffff) {
            throw new ClassFilePatcher.Unsupported("code longer than 65535 bytes");
        }
        int attributes = exceptionTable() + 2 + 8 * file.u2(exceptionTable());
        boolean hasStackMap = false;
        for (int i = file.u2(attributes), at = attributes + 2; i > 0; i--, at += 6 + file.u4(at + 2)) {
            int name = file.u2(at);
            if (file.utf8Equals(name, ClassFilePatcher.STACK_MAP_TABLE)) {
                hasStackMap = true;
                growth += stackMapGrowth(at);
            } else if (!file.utf8Equals(name, ClassFilePatcher.LINE_NUMBER_TABLE) && !file.utf8Equals(name, ClassFilePatcher.LOCAL_VARIABLE_TABLE)
                    && !file.utf8Equals(name, ClassFilePatcher.LOCAL_VARIABLE_TYPE_TABLE)) {
                throw new ClassFilePatcher.Unsupported("a Code attribute this patcher cannot move offsets in");
            }
        }
        if (addsFrame) {
            growth += entryFrameSize();
        }
        if (addsFrame && !hasStackMap) {
            newStackMapName = file.utf8("StackMapTable");
            growth += 8;
        }
        growth += moved[codeLength] - codeLength;
    }

    /**
     * How many bytes longer the attribute gets: known before writing, so that the woven class is
     * allocated once at its size (a fresh JVM pays a page fault for every new 4 KB it touches).
     */
    int growth() {
        return growth;
    }

    /** The bytes that short frames whose offset delta passes 63 add (2 each): the same walk as {@link #writeStackMapTable}. */
    private int stackMapGrowth(int at) {
        int more = 0;
        int previous = addsFrame ? entry.length - 1 : -1;
        int original = -1;
        int p = at + 8;
        for (int i = file.u2(at + 6); i > 0; i--) {
            int type = in[p] & 0xff;
            int delta = type < 64 ? type : type < 128 ? type - 64 : type >= 247 ? file.u2(p + 1) : -1;
            if (delta < 0) {
                throw new ClassFilePatcher.Unsupported("stack map frame type " + type);
            }
            p += type < 128 ? 1 : 3;
            original += delta + 1;
            int now = moved(original);
            if (type < 128 && now - previous - 1 >= 64) {
                more += 2;
            }
            previous = now;
            if ((type >= 64 && type < 128) || type == 247) {
                p = skipVerificationType(p);
            } else if (type >= 252 && type < 255) {
                for (int n = type - 251; n > 0; n--) {
                    p = skipVerificationType(p);
                }
            } else if (type == 255) {
                for (int list = 0; list < 2; list++) {
                    int n = file.u2(p);
                    p += 2;
                    for (; n > 0; n--) {
                        p = skipVerificationType(p);
                    }
                }
            }
        }
        return more;
    }

    private int skipVerificationType(int p) {
        int tag = in[p] & 0xff;
        return tag == 7 || tag == 8 ? p + 3 : p + 1;
    }

    private int entryFrameSize() {
        return entry.length - 1 < 64 ? 1 : 3;
    }

    /** Writes the patched attribute; returns the offset in the original just past it. */
    int write(ClassFileOut out) {
        int start = out.length();
        out.copy(in, attribute, 2);
        out.u4(0); // the length, once known
        int maxStack = file.u2(attribute + 6) + stackSize;
        if (maxStack > 0xffff) {
            throw new ClassFilePatcher.Unsupported("max_stack");
        }
        out.u2(maxStack);
        out.copy(in, attribute + 8, 2);
        out.u4(moved[codeLength]);
        int codeOut = out.length();
        if (entry != null) {
            out.copy(entry, 0, entry.length);
        }
        writeInstructions(out);
        if (out.length() - codeOut != moved[codeLength]) {
            throw new ClassFilePatcher.Unsupported("patched code length"); // a bug here: ASM weaves instead
        }
        int table = exceptionTable();
        int handlers = file.u2(table);
        out.u2(handlers);
        for (int i = 0, at = table + 2; i < handlers; i++, at += 8) {
            out.u2(moved(file.u2(at)));
            out.u2(moved(file.u2(at + 2)));
            out.u2(moved(file.u2(at + 4)));
            out.copy(in, at + 6, 2);
        }
        int attributes = table + 2 + 8 * handlers;
        int count = file.u2(attributes);
        out.u2(newStackMapName != 0 ? count + 1 : count);
        for (int i = 0, at = attributes + 2; i < count; i++, at += 6 + file.u4(at + 2)) {
            int name = file.u2(at);
            if (file.utf8Equals(name, ClassFilePatcher.STACK_MAP_TABLE)) {
                writeStackMapTable(out, at);
            } else if (file.utf8Equals(name, ClassFilePatcher.LINE_NUMBER_TABLE)) {
                out.copy(in, at, 8);
                for (int n = file.u2(at + 6), entryAt = at + 8; n > 0; n--, entryAt += 4) {
                    out.u2(moved(file.u2(entryAt)));
                    out.copy(in, entryAt + 2, 2);
                }
            } else { // LocalVariableTable, LocalVariableTypeTable
                out.copy(in, at, 8);
                for (int n = file.u2(at + 6), entryAt = at + 8; n > 0; n--, entryAt += 10) {
                    int from = file.u2(entryAt);
                    int newFrom = moved(from);
                    out.u2(newFrom);
                    out.u2(moved(from + file.u2(entryAt + 2)) - newFrom);
                    out.copy(in, entryAt + 4, 6);
                }
            }
        }
        if (newStackMapName != 0) {
            out.u2(newStackMapName);
            out.u4(2 + entryFrameSize());
            out.u2(1);
            writeEntryFrame(out);
        }
        int end = attribute + 6 + file.u4(attribute + 2);
        if (out.length() - start != end - attribute + growth) {
            throw new ClassFilePatcher.Unsupported("patched Code attribute length"); // a bug here: ASM weaves instead
        }
        out.setU4(start + 2, out.length() - start - 6);
        return end;
    }

    private void writeInstructions(ClassFileOut out) {
        boolean delegates = false;
        int run = 0; // start of the instructions not yet copied
        int pos = 0;
        while (pos < codeLength) {
            int op = in[code + pos] & 0xff;
            int length = 1; // the constructor measured each instruction: the next one starts where moved is set again
            while (moved[pos + length] < 0) {
                length++;
            }
            if (exit != null && !delegates && (op == ClassFilePatcher.OP_RETURN || op == ClassFilePatcher.OP_ARETURN)) {
                out.copy(in, code + run, pos - run);
                out.copy(exit, 0, exit.length);
                run = pos;
            } else if ((op >= IFEQ && op <= JSR) || op == IFNULL || op == IFNONNULL) {
                out.copy(in, code + run, pos - run);
                int offset = moved(pos + (short) file.u2(code + pos + 1)) - moved[pos];
                if (offset != (short) offset) {
                    throw new ClassFilePatcher.Unsupported("a branch beyond 16 bits");
                }
                out.u1(op);
                out.u2(offset);
                run = pos + 3;
            } else if (op == GOTO_W || op == JSR_W) {
                out.copy(in, code + run, pos - run);
                out.u1(op);
                out.u4(moved(pos + file.u4(code + pos + 1)) - moved[pos]);
                run = pos + 5;
            } else if (op == TABLESWITCH || op == LOOKUPSWITCH) {
                out.copy(in, code + run, pos - run);
                writeSwitch(out, op, pos);
                run = pos + length;
            } else if (constructor && op == ClassFilePatcher.OP_INVOKESPECIAL && file.isOwnConstructor(file.u2(code + pos + 1))) {
                delegates = true;
            }
            pos += length;
        }
        out.copy(in, code + run, codeLength - run);
    }

    private void writeSwitch(ClassFileOut out, int op, int pos) {
        out.u1(op);
        out.zeros(padding(moved[pos]));
        int at = code + pos + 1 + padding(pos);
        out.u4(moved(pos + file.u4(at)) - moved[pos]);
        int targets;
        if (op == TABLESWITCH) {
            out.copy(in, at + 4, 8);
            targets = file.u4(at + 8) - file.u4(at + 4) + 1;
            at += 12;
            for (int i = 0; i < targets; i++, at += 4) {
                out.u4(moved(pos + file.u4(at)) - moved[pos]);
            }
        } else {
            out.copy(in, at + 4, 4);
            targets = file.u4(at + 4);
            at += 8;
            for (int i = 0; i < targets; i++, at += 8) {
                out.copy(in, at, 4);
                out.u4(moved(pos + file.u4(at + 4)) - moved[pos]);
            }
        }
    }

    /**
     * Each frame's offset delta re-encoded from the moved offsets: a same_frame or
     * same_locals_1_stack_item whose delta passes 63 takes its extended form. The replacing
     * form's frame comes first (it is at the start of the code).
     */
    private void writeStackMapTable(ClassFileOut out, int at) {
        out.copy(in, at, 2);
        int lengthAt = out.length();
        out.u4(0);
        int count = file.u2(at + 6);
        out.u2(addsFrame ? count + 1 : count);
        int previous = -1;
        if (addsFrame) {
            writeEntryFrame(out);
            previous = entry.length - 1;
        }
        int original = -1;
        int p = at + 8;
        for (int i = 0; i < count; i++) {
            int type = in[p] & 0xff;
            int delta;
            if (type < 128) {
                delta = type < 64 ? type : type - 64;
                p += 1;
            } else if (type >= 247) {
                delta = file.u2(p + 1);
                p += 3;
            } else {
                throw new ClassFilePatcher.Unsupported("stack map frame type " + type);
            }
            original += delta + 1;
            int now = moved(original);
            int newDelta = now - previous - 1;
            previous = now;
            if (type < 64) {
                if (newDelta < 64) {
                    out.u1(newDelta);
                } else {
                    out.u1(251); // same_frame_extended
                    out.u2(newDelta);
                }
            } else if (type < 128) {
                if (newDelta < 64) {
                    out.u1(64 + newDelta);
                } else {
                    out.u1(247); // same_locals_1_stack_item_extended
                    out.u2(newDelta);
                }
                p = copyVerificationType(out, p);
            } else if (type == 247) {
                out.u1(type);
                out.u2(newDelta);
                p = copyVerificationType(out, p);
            } else if (type < 255) { // chop (248-250), same_frame_extended (251), append (252-254)
                out.u1(type);
                out.u2(newDelta);
                for (int n = type - 251; n > 0; n--) {
                    p = copyVerificationType(out, p);
                }
            } else {
                out.u1(type);
                out.u2(newDelta);
                for (int list = 0; list < 2; list++) { // locals, then stack
                    int n = file.u2(p);
                    out.copy(in, p, 2);
                    p += 2;
                    for (; n > 0; n--) {
                        p = copyVerificationType(out, p);
                    }
                }
            }
        }
        out.setU4(lengthAt, out.length() - lengthAt - 4);
    }

    /** A same_frame at the replacing form's branch target: the method's initial locals, empty stack. */
    private void writeEntryFrame(ClassFileOut out) {
        int delta = entry.length - 1;
        if (delta < 64) {
            out.u1(delta);
        } else {
            out.u1(251);
            out.u2(delta);
        }
    }

    private int copyVerificationType(ClassFileOut out, int p) {
        int tag = in[p] & 0xff;
        if (tag <= 6) {
            out.u1(tag);
            return p + 1;
        }
        if (tag == 7) {
            out.copy(in, p, 3);
        } else if (tag == 8) { // Uninitialized(offset of its NEW)
            out.u1(tag);
            out.u2(moved(file.u2(p + 1)));
        } else {
            throw new ClassFilePatcher.Unsupported("verification type " + tag);
        }
        return p + 3;
    }

    private int exceptionTable() {
        return code + codeLength;
    }

    private int moved(int offset) {
        if (offset < 0 || offset > codeLength || moved[offset] < 0) {
            throw new ClassFilePatcher.Unsupported("an offset inside an instruction");
        }
        return moved[offset];
    }

    private int length(int op, int pos) {
        int kind = LENGTHS[op];
        int length;
        if (kind >= '1' && kind <= '5') {
            length = kind - '0';
        } else if (kind == 'S') {
            int at = code + pos + 1 + padding(pos);
            length = op == TABLESWITCH
                    ? 1 + padding(pos) + 12 + 4 * (file.u4(at + 8) - file.u4(at + 4) + 1)
                    : 1 + padding(pos) + 8 + 8 * file.u4(at + 4);
        } else if (kind == 'W') {
            length = (in[code + pos + 1] & 0xff) == IINC ? 6 : 4;
        } else {
            throw new ClassFilePatcher.Unsupported("opcode " + op);
        }
        if (length <= 0 || pos + length > codeLength) {
            throw new ClassFilePatcher.Unsupported("an instruction past the code's end");
        }
        return length;
    }

    /** Bytes after a switch opcode at {@code pos} so that its operands start at a multiple of 4. */
    private static int padding(int pos) {
        return 3 - (pos & 3);
    }
}
