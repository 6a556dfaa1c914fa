package io.sockbuf.agent.install;

import java.util.Arrays;

/** A growable big-endian byte buffer for {@link ClassFilePatcher}: one array, grown rarely. */
final class ClassFileOut {

    private byte[] bytes;
    private int length;

    ClassFileOut(int capacity) {
        bytes = new byte[capacity];
    }

    int length() {
        return length;
    }

    void u1(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    void u2(int value) {
        ensure(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    void u4(int value) {
        ensure(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    void copy(byte[] from, int offset, int count) {
        ensure(count);
        System.arraycopy(from, offset, bytes, length, count);
        length += count;
    }

    void append(ClassFileOut other) {
        copy(other.bytes, 0, other.length);
    }

    void zeros(int count) {
        ensure(count);
        length += count; // the array is zero-filled where nothing was written yet
    }

    void setU2(int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    void setU4(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
