package io.sockbuf.agent.classfile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Constant-pool entries written by hand, each once, numbered from a first index: the patcher's,
 * appended after a class file's own entries, and the listener class's, from 1. Linear searches
 * over arrays, no map: few entries, and run interpreted at a JVM's start.
 */
public final class ConstantPoolOut {

    public static final int UTF8 = 1;
    public static final int CLASS = 7;
    public static final int FIELDREF = 9;
    public static final int METHODREF = 10;
    public static final int INTERFACE_METHODREF = 11;
    public static final int NAME_AND_TYPE = 12;

    private final ClassFileOut bytes = new ClassFileOut(512);
    private int nextIndex;
    private String[] utf8Texts = new String[16];
    private int[] utf8Indexes = new int[16];
    private int utf8Count;
    /** tag, first, second and index of each non-Utf8 entry. */
    private int[] refs = new int[64];
    private int refCount;

    /** @param firstIndex the index of the first entry written (a class file's count of its own entries, or 1) */
    public ConstantPoolOut(int firstIndex) {
        nextIndex = firstIndex;
    }

    /** The index the next entry would get: the constant-pool count of a class file ending with these. */
    public int nextIndex() {
        return nextIndex;
    }

    /** The entries as written. */
    public ClassFileOut bytes() {
        return bytes;
    }

    /** @throws IllegalArgumentException for a name that is not ASCII (only ASCII's modified UTF-8 is its bytes) */
    public int utf8(String text) {
        for (int i = 0; i < utf8Count; i++) {
            if (utf8Texts[i].equals(text)) {
                return utf8Indexes[i];
            }
        }
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : ascii) {
            if (b <= 0 || b == '?') { // '?': what ISO-8859-1 made of a character it lacks (no name here has one)
                throw new IllegalArgumentException("non-ASCII name " + text);
            }
        }
        bytes.u1(UTF8);
        bytes.u2(ascii.length);
        bytes.copy(ascii, 0, ascii.length);
        if (utf8Count == utf8Texts.length) {
            utf8Texts = Arrays.copyOf(utf8Texts, utf8Count * 2);
            utf8Indexes = Arrays.copyOf(utf8Indexes, utf8Count * 2);
        }
        utf8Texts[utf8Count] = text;
        utf8Indexes[utf8Count++] = nextIndex;
        return nextIndex++;
    }

    public int classRef(String internalName) {
        int name = utf8(internalName);
        for (int i = 0; i < refCount; i += 4) {
            if (refs[i] == CLASS && refs[i + 1] == name) {
                return refs[i + 3];
            }
        }
        bytes.u1(CLASS);
        bytes.u2(name);
        return remember(CLASS, name, 0);
    }

    public int nameAndType(String name, String descriptor) {
        return ref(NAME_AND_TYPE, utf8(name), utf8(descriptor));
    }

    /** A Fieldref, Methodref or InterfaceMethodref. */
    public int ref(int tag, String owner, String name, String descriptor) {
        return ref(tag, classRef(owner), nameAndType(name, descriptor));
    }

    /** A two-index entry (Fieldref, Methodref, InterfaceMethodref, NameAndType), written once. */
    public int ref(int tag, int first, int second) {
        for (int i = 0; i < refCount; i += 4) {
            if (refs[i] == tag && refs[i + 1] == first && refs[i + 2] == second) {
                return refs[i + 3];
            }
        }
        bytes.u1(tag);
        bytes.u2(first);
        bytes.u2(second);
        return remember(tag, first, second);
    }

    private int remember(int tag, int first, int second) {
        if (refCount + 4 > refs.length) {
            refs = Arrays.copyOf(refs, refs.length * 2);
        }
        refs[refCount++] = tag;
        refs[refCount++] = first;
        refs[refCount++] = second;
        refs[refCount++] = nextIndex;
        return nextIndex++;
    }
}
