package io.sockbuf.agent.classfile;

import java.util.Arrays;

/**
 * A growable big-endian byte buffer for class files the agent writes by hand (install's patcher,
 * sizing's listener class): one array, grown rarely. Not DataOutputStream, which on JDK 21+ makes
 * six VarHandles at its first use (jdk.internal.util.ByteArray), some 1-2 ms at a JVM's start.
 */
public final class ClassFileOut {

    private byte[] bytes;
    private int length;

    public ClassFileOut(int capacity) {
        bytes = new byte[capacity];
    }

    public int length() {
        return length;
    }

    public void u1(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    public void u2(int value) {
        ensure(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    public void u4(int value) {
        ensure(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    public void copy(byte[] from, int offset, int count) {
        ensure(count);
        System.arraycopy(from, offset, bytes, length, count);
        length += count;
    }

    public void append(ClassFileOut other) {
        copy(other.bytes, 0, other.length);
    }

    public void zeros(int count) {
        ensure(count);
        length += count; // the array is zero-filled where nothing was written yet
    }

    public void setU2(int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    public void setU4(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    public byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
