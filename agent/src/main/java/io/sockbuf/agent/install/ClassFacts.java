package io.sockbuf.agent.install;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * What the weaver needs to know about a class file while changing it. Filled during the one
 * weaving pass (ASM visits the fields before the methods), not by a reading pass of its own: run
 * interpreted at a JVM's start, a second pass over a 30-40 KB JDK class cost a fifth of its weaving.
 */
final class ClassFacts {

    final String internalName;
    /** The class file's major version (e.g. 50 for Java 6, 55 for Java 11). */
    final int majorVersion;
    /** name + descriptor of every declared field, e.g. "serverZ"; complete once the first method is visited. */
    final Set<String> fields = new HashSet<>();

    private ClassFacts(String internalName, int majorVersion) {
        this.internalName = internalName;
        this.majorVersion = majorVersion;
    }

    /** From the class file's header; {@link #fields} is filled as the weaving pass visits them. */
    static ClassFacts header(ClassReader reader) {
        return new ClassFacts(reader.getClassName(), reader.readUnsignedShort(6));
    }

    /**
     * Whether an instruction of a constructor of this class is its {@code this(...)} call: such a
     * constructor leaves the object to the one it delegates to, so the call is not woven into it
     * (one call per object). In javac's output that call comes before any RETURN of the constructor.
     */
    boolean isDelegation(int opcode, String owner, String method) {
        return opcode == Opcodes.INVOKESPECIAL && owner.equals(internalName) && method.equals(Hook.CONSTRUCTORS);
    }
}
