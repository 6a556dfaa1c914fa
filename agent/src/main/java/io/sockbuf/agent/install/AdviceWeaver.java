package io.sockbuf.agent.install;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inlines Byte Buddy {@link Advice} into one class file, driving Byte Buddy's ASM directly.
 *
 * <p>This skips {@code AgentBuilder} on purpose: building its pipeline costs hundreds of
 * milliseconds at every JVM start, while this class is only loaded when the first socket class
 * shows up and touches a few hundred Byte Buddy classes once.
 */
final class AdviceWeaver {

    // Built on first use and kept: guarded by the class lock.
    private static ClassFileLocator sharedLocator;
    private static TypePool.CacheProvider sharedCache;
    private static TypePool sharedPool;
    private static final Map<String, Advice> ADVICE = new HashMap<>();

    private AdviceWeaver() {
    }

    /**
     * Returns the woven class file, or null when none of the hooks fits this class (the caller
     * reports that: it means this JDK is built differently from what the hooks expect).
     */
    static byte[] weave(String className, byte[] original, List<Hook> hooks, File appendedJar) throws IOException {
        TypePool shared = sharedPool(appendedJar);
        // The class file being loaded comes first (it is not read again from the JDK's image);
        // descriptions of everything else are shared across weaves.
        TypePool pool = new TypePool.Default(new SharedCacheExcept(className), new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, original), sharedLocator), TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(className).resolve();
        Set<String> delegating = delegatingConstructors(original);

        AsmVisitorWrapper.ForDeclaredMethods wrapper = new AsmVisitorWrapper.ForDeclaredMethods();
        boolean applies = false;
        for (Hook hook : hooks) {
            if (hook.requiredField != null && !hasField(type, hook.requiredField)) {
                continue;
            }
            ElementMatcher<MethodDescription> matcher = new HookMatcher(hook, delegating);
            if (type.getDeclaredMethods().filter(matcher).isEmpty()) {
                continue;
            }
            wrapper = wrapper.invokable(matcher, advice(hook.advice));
            applies = true;
        }
        if (!applies) {
            return null;
        }
        int writerFlags = wrapper.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = wrapper.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        Implementation.Context context = new Implementation.Context.Disabled(type,
                ClassFileVersion.ofClassFile(original), Implementation.Context.FrameGeneration.GENERATE) {
        };
        ClassVisitor visitor = wrapper.wrap(type, writer, context, pool,
                type.getDeclaredFields(), type.getDeclaredMethods(), writerFlags, readerFlags);
        reader.accept(visitor, readerFlags);
        return writer.toByteArray();
    }

    /**
     * One pool for the JDK's classes and our advice classes, read as class files (no reflection, so
     * no annotation proxies), cached across weaves. The boot loader does not show a jar appended at
     * run time (renamed agent jar): then our class files come from that jar.
     */
    private static synchronized TypePool sharedPool(File appendedJar) throws IOException {
        if (sharedPool == null) {
            // Our own loader: the boot loader in the agent (which also has the JDK's class files).
            ClassFileLocator ours = ClassFileLocator.ForClassLoader.of(AdviceWeaver.class.getClassLoader());
            sharedLocator = appendedJar == null ? ours
                    : new ClassFileLocator.Compound(ClassFileLocator.ForJarFile.of(appendedJar), ours);
            sharedCache = new TypePool.CacheProvider.Simple();
            sharedPool = new TypePool.Default(sharedCache, sharedLocator, TypePool.Default.ReaderMode.FAST);
        }
        return sharedPool;
    }

    private static synchronized Advice advice(String adviceClass) {
        Advice advice = ADVICE.get(adviceClass);
        if (advice == null) {
            advice = Advice.to(sharedPool.describe(adviceClass).resolve(), sharedLocator);
            ADVICE.put(adviceClass, advice);
        }
        return advice;
    }

    private static boolean hasField(TypeDescription type, String field) {
        for (TypeDefinition current = type; current != null; current = current.getSuperClass()) {
            for (Object declared : current.getDeclaredFields()) {
                if (((net.bytebuddy.description.field.FieldDescription) declared).getName().equals(field)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Descriptors of the constructors that call {@code this(...)} instead of {@code super(...)}. */
    static Set<String> delegatingConstructors(byte[] classFile) {
        final Set<String> delegating = new HashSet<>();
        final ClassReader reader = new ClassReader(classFile);
        final String owner = reader.getClassName();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, final String descriptor, String signature, String[] exceptions) {
                if (!name.equals(Hook.CONSTRUCTORS)) {
                    return null;
                }
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String calledOwner, String calledName, String calledDescriptor, boolean isInterface) {
                        if (opcode == Opcodes.INVOKESPECIAL && calledOwner.equals(owner) && calledName.equals(Hook.CONSTRUCTORS)) {
                            delegating.add(descriptor);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return delegating;
    }

    /** The shared cache, minus the class being woven: its description comes from its own bytes. */
    private static final class SharedCacheExcept implements TypePool.CacheProvider {
        private final String woven;

        SharedCacheExcept(String woven) {
            this.woven = woven;
        }

        @Override
        public TypePool.Resolution find(String name) {
            return name.equals(woven) ? null : sharedCache.find(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            return name.equals(woven) ? resolution : sharedCache.register(name, resolution);
        }

        @Override
        public void clear() {
            // the shared part outlives a single weave
        }
    }

    /** Matches the method a hook names, or a class's non-delegating constructors. */
    private static final class HookMatcher extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
        private final Hook hook;
        private final Set<String> delegatingConstructors;

        HookMatcher(Hook hook, Set<String> delegatingConstructors) {
            this.hook = hook;
            this.delegatingConstructors = delegatingConstructors;
        }

        @Override
        public boolean matches(MethodDescription method) {
            if (hook.descriptor == null) {
                return method.isConstructor() && !delegatingConstructors.contains(method.getDescriptor());
            }
            return method.getInternalName().equals(hook.methodName) && method.getDescriptor().equals(hook.descriptor);
        }
    }
}
