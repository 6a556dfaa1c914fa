package io.sockbuf.agent.install;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/** What the weaver needs to know about a class file before changing it, from one quick read. */
final class ClassFacts {

    final String internalName;
    /** The class file's major version (e.g. 50 for Java 6, 55 for Java 11). */
    final int majorVersion;
    /** name + descriptor of every declared field, e.g. "serverZ". */
    final Set<String> fields = new HashSet<>();
    /** Descriptors of the constructors that call {@code this(...)} instead of {@code super(...)}. */
    final Set<String> delegatingConstructors = new HashSet<>();

    private ClassFacts(String internalName, int majorVersion) {
        this.internalName = internalName;
        this.majorVersion = majorVersion;
    }

    static ClassFacts read(ClassReader reader) {
        final ClassFacts facts = new ClassFacts(reader.getClassName(), reader.readUnsignedShort(6));
        reader.accept(new ClassVisitor(CallWeaver.ASM_API) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                facts.fields.add(name + descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, final String descriptor, String signature, String[] exceptions) {
                if (!name.equals(Hook.CONSTRUCTORS)) {
                    return null;
                }
                return new MethodVisitor(CallWeaver.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor, boolean isInterface) {
                        if (opcode == Opcodes.INVOKESPECIAL && owner.equals(facts.internalName) && method.equals(Hook.CONSTRUCTORS)) {
                            facts.delegatingConstructors.add(descriptor);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return facts;
    }
}
