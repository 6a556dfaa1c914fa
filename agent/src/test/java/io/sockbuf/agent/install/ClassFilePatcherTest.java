package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import io.sockbuf.agent.testkit.Jdk;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The byte patcher against ASM's weaver: for the hooks and every JDK socket class of each
 * JDK of the matrix (read from that JDK's modules), and for synthetic classes with what the JDK's
 * may lack, both must give the same program, read back by ASM into a listing that does not
 * depend on the constant pool's order (instructions, labels in order, expanded frames, handlers,
 * lines, locals, maxs).
 */
class ClassFilePatcherTest {

    private static final String SYNTHETIC = "synthetic/Sockets";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theHooksGiveTheSameProgramAsAsmInEveryJdkSocketClass(Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (FileSystem modules = FileSystems.newFileSystem(URI.create("jrt:/"),
                Collections.singletonMap("java.home", jdk.home.getPath()))) {
            int compared = 0;
            Map<String, List<Hook>> byClass = jdkHooksByClass(withPremainOnlyHooks(Hooks.withApplicationSets()));
            for (Map.Entry<String, List<Hook>> target : byClass.entrySet()) {
                byte[] original = jdkClassFile(modules, target.getKey());
                if (original == null) {
                    continue; // e.g. NioSocketImpl on JDK 11
                }
                String context = jdk + " " + target.getKey();
                Set<String> asmMissing = new TreeSet<>();
                Set<String> patchMissing = new TreeSet<>();
                byte[] byAsm = CallWeaver.weave(original, target.getValue(), asmMissing);
                byte[] patched = ClassFilePatcher.weave(original, target.getValue(), patchMissing);
                assertEquals(asmMissing, patchMissing, context);
                if (byAsm == null && patched == null && target.getKey().equals("java/net/SocketImpl")) {
                    continue; // a trigger only JDK 13+ has
                }
                assertNotNull(byAsm, context);
                assertNotNull(patched, context);
                assertSameProgram(byAsm, patched, context);
                assertNotEquals(listing(original), listing(patched), context + ": nothing was woven");
                compared++;
            }
            assertTrue(compared >= 7, jdk + ": only " + compared + " classes compared");
        }
    }

    /** A retransformation of a class woven at load starts from the woven bytes: they must be told apart (HookTransformer). */
    @Test
    void aWovenClassFileIsKnownByItsCallToTheBridge() throws Exception {
        byte[] original = syntheticClass(Opcodes.V11, false);
        byte[] woven = ClassFilePatcher.weave(original,
                Collections.singletonList(Hook.constructors("synthetic.Sockets", BridgeCall.withThis("channelCreated"))), new TreeSet<>());

        assertFalse(ClassFilePatcher.callsTheBridge(original));
        assertTrue(ClassFilePatcher.callsTheBridge(woven));
    }

    /** The native-library class and the deferred socket classes' triggers, which premain weaves too. */
    private static List<Hook> withPremainOnlyHooks(List<Hook> hooks) {
        List<Hook> all = new ArrayList<>(hooks);
        all.addAll(Hooks.nativeLibraryLoads());
        for (DeferredGroup group : Hooks.deferredSocketClasses()) {
            all.addAll(group.triggerHooks);
        }
        return all;
    }

    @Test
    void exitCallsAreInsertedBeforeEveryReturnAndEveryOffsetMovesAsWithAsm() throws Exception {
        List<Hook> hooks = Arrays.asList(
                Hook.method("synthetic.Sockets", "create", "(Z)V", BridgeCall.socketImplCreated("server")),
                Hook.method("synthetic.Sockets", "connect", "(Ljava/net/SocketAddress;I)V", BridgeCall.beforeWithFirstArgument("socketImplConnecting")),
                Hook.method("synthetic.Sockets", "bind", "(Ljava/net/InetAddress;I)V", BridgeCall.beforeSocketImplBind("server")),
                Hook.constructors("synthetic.Sockets", BridgeCall.withThis("channelCreated")),
                Hook.method("synthetic.Sockets", "setOption", "(ILjava/lang/Object;)V", BridgeCall.applicationSetsIntOption().andAfterTheSet()),
                Hook.method("synthetic.Sockets", "setOption", "(Ljava/net/SocketOption;Ljava/lang/Object;)V",
                        BridgeCall.applicationSetsImplOption("server").andAfterTheSet()),
                Hook.method("synthetic.Sockets", "setOption", "(Ljava/net/SocketOption;Ljava/lang/Object;)Ljava/lang/Object;",
                        BridgeCall.applicationSetsOption().andAfterTheSet()),
                Hook.method("synthetic.Sockets", "absent", "()V", BridgeCall.withThis("channelCreated")));
        byte[] original = syntheticClass(Opcodes.V11, false);
        Set<String> asmMissing = new TreeSet<>();
        Set<String> patchMissing = new TreeSet<>();
        byte[] byAsm = CallWeaver.weave(original, hooks, asmMissing);
        byte[] patched = ClassFilePatcher.weave(original, hooks, patchMissing);

        assertEquals("[absent()V]", patchMissing.toString());
        assertEquals(asmMissing, patchMissing);
        assertSameProgram(byAsm, patched, "synthetic");
        String woven = listing(patched);
        assertTrue(woven.contains("LDC 5\n") && woven.contains("LDC 2.5\n"), "long and double constants stay: " + woven);
        assertEquals(1, count(woven, "INVOKESTATIC io/sockbuf/agent/bridge/SocketSizer.channelCreated"), "the delegating constructor is left alone");
        assertTrue(count(woven, "INVOKESTATIC io/sockbuf/agent/bridge/SocketSizer.socketImplCreated") >= 5, woven);
        verifiedByTheJvm(patched);
    }

    @Test
    void aFieldTheClassLacksMakesItsHookInapplicable() throws Exception {
        List<Hook> hooks = Collections.singletonList(
                Hook.method("synthetic.Sockets", "create", "(Z)V", BridgeCall.socketImplCreated("isServer")));
        Set<String> missing = new TreeSet<>();
        assertNull(ClassFilePatcher.weave(syntheticClass(Opcodes.V11, false), hooks, missing));
        assertEquals("[create(Z)V]", missing.toString());
    }

    @Test
    void aBranchThatWouldOutgrowSixteenBitsIsLeftToAsmWhichTheTransformerFallsBackTo() {
        String name = "synthetic/Overflow";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor accept = writer.visitMethod(Opcodes.ACC_PUBLIC, "accept", "(Ljava/net/SocketImpl;)V", null, null);
        accept.visitCode();
        Label far = new Label();
        accept.visitVarInsn(Opcodes.ALOAD, 1);
        accept.visitJumpInsn(Opcodes.IFNULL, far);
        accept.visitInsn(Opcodes.RETURN);
        for (int i = 0; i < 32760; i++) {
            accept.visitInsn(Opcodes.NOP);
        }
        accept.visitLabel(far);
        accept.visitInsn(Opcodes.RETURN);
        accept.visitMaxs(0, 0);
        accept.visitEnd();
        writer.visitEnd();
        byte[] original = writer.toByteArray();
        List<Hook> hooks = Collections.singletonList(Hook.method("synthetic.Overflow", "accept", "(Ljava/net/SocketImpl;)V",
                BridgeCall.socketAccepted()));

        assertThrows(ClassFilePatcher.Unsupported.class, () -> ClassFilePatcher.weave(original, hooks, new TreeSet<>()));
        HookTransformer transformer = new HookTransformer(hooks, Collections.<String>emptyList());
        String stderr = HookTransformerTest.captureStderr(() -> assertNotNull(transformer.transform(null, name, null, null, original)));
        assertEquals("", stderr);
    }

    @Test
    void typeAnnotationsOnInstructionsAndOldClassFilesAreLeftToAsm() {
        List<Hook> hooks = Collections.singletonList(
                Hook.method("synthetic.Sockets", "create", "(Z)V", BridgeCall.socketImplCreated("server")));
        assertThrows(ClassFilePatcher.Unsupported.class, () -> ClassFilePatcher.weave(syntheticClass(Opcodes.V11, true), hooks, new TreeSet<>()));
        assertThrows(ClassFilePatcher.Unsupported.class, () -> ClassFilePatcher.weave(syntheticClass(Opcodes.V1_5, false), hooks, new TreeSet<>()));
    }

    @Test
    void aClassNoHookFitsIsNotWoven() throws Exception {
        Set<String> missing = new TreeSet<>();
        assertNull(ClassFilePatcher.weave(syntheticClass(Opcodes.V11, false),
                Collections.singletonList(Hook.method("synthetic.Sockets", "create", "()V", BridgeCall.withThis("datagramImplCreated"))), missing));
        assertEquals("[create()V]", missing.toString());
    }

    /** Internal names of the JDK targets and their hooks, in the order the transformer would hand them over. */
    static Map<String, List<Hook>> jdkHooksByClass(List<Hook> hooks) {
        Map<String, List<Hook>> byClass = new java.util.LinkedHashMap<>();
        for (Hook hook : hooks) {
            if (!hook.bySuffix) {
                byClass.computeIfAbsent(hook.internalClassName(), name -> new ArrayList<>()).add(hook);
            }
        }
        return byClass;
    }

    private static byte[] jdkClassFile(FileSystem modules, String internalName) throws Exception {
        try (java.util.stream.Stream<Path> moduleDirs = Files.list(modules.getPath("/modules"))) {
            for (Path module : (Iterable<Path>) moduleDirs::iterator) {
                Path file = module.resolve(internalName + ".class");
                if (Files.exists(file)) {
                    return Files.readAllBytes(file);
                }
            }
        }
        return null;
    }

    private static void assertSameProgram(byte[] byAsm, byte[] patched, String context) {
        String expected = listing(byAsm);
        String actual = listing(patched);
        if (!expected.equals(actual)) {
            String[] e = expected.split("\n");
            String[] a = actual.split("\n");
            int line = 0;
            while (line < Math.min(e.length, a.length) && e[line].equals(a[line])) {
                line++;
            }
            int from = Math.max(0, line - 15);
            StringBuilder around = new StringBuilder();
            for (int i = from; i < Math.min(e.length, line + 5); i++) {
                around.append(i == line ? "ASM>> " : "      ").append(e[i]).append('\n');
            }
            around.append("patched: ").append(line < a.length ? a[line] : "<end>");
            throw new AssertionError(context + ": the patched program differs from ASM's at line " + line + ":\n" + around);
        }
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            found++;
        }
        return found;
    }

    /** Defined by a loader of its own and initialized: the JVM's verifier checks every method. */
    private static void verifiedByTheJvm(byte[] classFile) throws Exception {
        String name = new ClassReader(classFile).getClassName().replace('/', '.');
        ClassLoader loader = new ClassLoader(ClassFilePatcherTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String wanted) throws ClassNotFoundException {
                if (wanted.equals(name)) {
                    return defineClass(name, classFile, 0, classFile.length);
                }
                throw new ClassNotFoundException(wanted);
            }
        };
        Class.forName(name, true, loader).getDeclaredMethods();
    }

    /**
     * A class with what JDK classes may not have: switches whose padding changes, branches onto a
     * RETURN, an exception range ending at a RETURN, frame deltas that cross 63 once the calls are
     * in, uninitialized objects across a branch, a loop head at offset 0, long and double
     * constants, wide and goto_w, a delegating constructor, a method without stack map frames.
     */
    static byte[] syntheticClass(int version, boolean typeAnnotation) {
        ClassWriter writer = new ClassWriter(version >= Opcodes.V1_6 ? ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS : ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String first, String second) {
                return "java/lang/Object";
            }
        };
        // A SocketImpl, as the impls whose create hook reads SocketImpl.fd
        writer.visit(version, Opcodes.ACC_PUBLIC, SYNTHETIC, null, "java/net/SocketImpl", null);
        FieldVisitor server = writer.visitField(Opcodes.ACC_PRIVATE, "server", "Z", null, null);
        server.visitEnd();
        writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "BIG", "J", null, 1L << 40).visitEnd();

        MethodVisitor delegating = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        delegating.visitCode();
        delegating.visitVarInsn(Opcodes.ALOAD, 0);
        delegating.visitInsn(Opcodes.ICONST_0);
        delegating.visitMethodInsn(Opcodes.INVOKESPECIAL, SYNTHETIC, "<init>", "(Z)V", false);
        delegating.visitInsn(Opcodes.RETURN);
        delegating.visitMaxs(0, 0);
        delegating.visitEnd();
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Z)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/net/SocketImpl", "<init>", "()V", false);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitFieldInsn(Opcodes.PUTFIELD, SYNTHETIC, "server", "Z");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        createWithEveryBranchKind(writer, typeAnnotation);
        connectWithLoopAndUninitialized(writer);
        bindWithFarBranch(writer);

        MethodVisitor noFrames = writer.visitMethod(Opcodes.ACC_PUBLIC, "setOption", "(ILjava/lang/Object;)V", null, null);
        noFrames.visitCode();
        noFrames.visitInsn(Opcodes.RETURN);
        noFrames.visitMaxs(0, 0);
        noFrames.visitEnd();
        // A loop head at offset 0: its frame must not share an offset with the replacing form's.
        MethodVisitor loop = writer.visitMethod(Opcodes.ACC_PUBLIC, "setOption", "(Ljava/net/SocketOption;Ljava/lang/Object;)V", null, null);
        loop.visitCode();
        Label head = new Label();
        Label end = new Label();
        loop.visitLabel(head);
        loop.visitVarInsn(Opcodes.ALOAD, 2);
        loop.visitJumpInsn(Opcodes.IFNULL, end);
        loop.visitInsn(Opcodes.ACONST_NULL);
        loop.visitVarInsn(Opcodes.ASTORE, 2);
        loop.visitJumpInsn(Opcodes.GOTO, head);
        loop.visitLabel(end);
        loop.visitInsn(Opcodes.RETURN);
        loop.visitMaxs(0, 0);
        loop.visitEnd();
        MethodVisitor returning = writer.visitMethod(Opcodes.ACC_PUBLIC, "setOption",
                "(Ljava/net/SocketOption;Ljava/lang/Object;)Ljava/lang/Object;", null, null);
        returning.visitCode();
        Label other = new Label();
        returning.visitVarInsn(Opcodes.ALOAD, 1);
        returning.visitJumpInsn(Opcodes.IFNONNULL, other);
        returning.visitVarInsn(Opcodes.ALOAD, 0);
        returning.visitInsn(Opcodes.ARETURN);
        returning.visitLabel(other);
        returning.visitVarInsn(Opcodes.ALOAD, 2);
        returning.visitInsn(Opcodes.ARETURN);
        returning.visitMaxs(0, 0);
        returning.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * {@code create(boolean)}, exit calls before each of its returns: a branch onto a RETURN, a
     * try range ending at a RETURN, tableswitch and lookupswitch, frames 60 bytes apart with a
     * RETURN between them, a handler frame (one stack item) likewise, locals and line numbers.
     */
    private static void createWithEveryBranchKind(ClassWriter writer, boolean typeAnnotation) {
        MethodVisitor create = writer.visitMethod(Opcodes.ACC_PUBLIC, "create", "(Z)V", null, null);
        create.visitCode();
        Label first = new Label();
        Label toReturn = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label switches = new Label();
        Label zero = new Label();
        Label one = new Label();
        Label two = new Label();
        Label last = new Label();
        Label close = new Label();
        Label localEnd = new Label();
        create.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/RuntimeException");
        create.visitLabel(first);
        create.visitLineNumber(10, first);
        create.visitVarInsn(Opcodes.ILOAD, 1);
        create.visitJumpInsn(Opcodes.IFEQ, switches);
        create.visitVarInsn(Opcodes.ILOAD, 1);
        create.visitJumpInsn(Opcodes.IFNE, toReturn);
        create.visitLabel(tryStart);
        create.visitVarInsn(Opcodes.ALOAD, 0);
        create.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "hashCode", "()I", false);
        if (typeAnnotation) {
            create.visitInsnAnnotation(0x44000000, null, "Ljava/lang/Deprecated;", true).visitEnd();
        }
        create.visitInsn(Opcodes.POP);
        create.visitLabel(tryEnd);
        create.visitLabel(toReturn);
        create.visitLineNumber(11, toReturn);
        create.visitInsn(Opcodes.RETURN);
        create.visitLabel(switches);
        create.visitLineNumber(12, switches);
        create.visitVarInsn(Opcodes.ILOAD, 1);
        create.visitTableSwitchInsn(0, 2, last, zero, one, two);
        create.visitLabel(zero);
        create.visitInsn(Opcodes.RETURN);
        create.visitLabel(one);
        create.visitVarInsn(Opcodes.ILOAD, 1);
        create.visitLookupSwitchInsn(last, new int[] {5, 100}, new Label[] {zero, close});
        create.visitLabel(two);
        create.visitVarInsn(Opcodes.ILOAD, 1);
        create.visitJumpInsn(Opcodes.IFEQ, close);
        nops(create, 56);
        create.visitInsn(Opcodes.RETURN);
        create.visitLabel(close); // same_frame, 60 bytes after the last: 68 once the call is in
        nops(create, 58);
        create.visitInsn(Opcodes.RETURN);
        create.visitLabel(handler); // same_locals_1_stack_item, likewise
        create.visitInsn(Opcodes.POP);
        create.visitLabel(last);
        create.visitInsn(Opcodes.RETURN);
        create.visitLabel(localEnd);
        create.visitLocalVariable("this", "L" + SYNTHETIC + ";", null, first, localEnd, 0);
        create.visitLocalVariable("server", "Z", null, toReturn, switches, 1);
        create.visitMaxs(0, 0);
        create.visitEnd();
    }

    /** {@code connect}, a call at entry: a loop back to offset 0, {@code new} across a branch, wide iinc, ldc2_w. */
    private static void connectWithLoopAndUninitialized(ClassWriter writer) {
        MethodVisitor connect = writer.visitMethod(Opcodes.ACC_PUBLIC, "connect", "(Ljava/net/SocketAddress;I)V", null, null);
        connect.visitCode();
        Label start = new Label();
        Label no = new Label();
        Label merge = new Label();
        connect.visitLabel(start);
        connect.visitTypeInsn(Opcodes.NEW, "java/lang/Boolean");
        connect.visitInsn(Opcodes.DUP);
        connect.visitVarInsn(Opcodes.ILOAD, 2);
        connect.visitJumpInsn(Opcodes.IFEQ, no);
        connect.visitInsn(Opcodes.ICONST_1);
        connect.visitJumpInsn(Opcodes.GOTO, merge);
        connect.visitLabel(no);
        connect.visitInsn(Opcodes.ICONST_0);
        connect.visitLabel(merge);
        connect.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Boolean", "<init>", "(Z)V", false);
        connect.visitInsn(Opcodes.POP);
        connect.visitLdcInsn(5L);
        connect.visitInsn(Opcodes.POP2);
        connect.visitLdcInsn(2.5d);
        connect.visitInsn(Opcodes.POP2);
        connect.visitIincInsn(2, -1000);
        connect.visitVarInsn(Opcodes.ILOAD, 2);
        connect.visitJumpInsn(Opcodes.IFGT, start);
        connect.visitVarInsn(Opcodes.ILOAD, 2);
        Label a = new Label();
        Label b = new Label();
        connect.visitTableSwitchInsn(1, 2, a, a, b);
        connect.visitLabel(a);
        connect.visitInsn(Opcodes.RETURN);
        connect.visitLabel(b);
        connect.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;",
                new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
                                + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false),
                net.bytebuddy.jar.asm.Type.getType("()V"),
                new Handle(Opcodes.H_INVOKESTATIC, "java/lang/Thread", "yield", "()V", false),
                net.bytebuddy.jar.asm.Type.getType("()V"));
        connect.visitInsn(Opcodes.POP);
        Label c = new Label();
        connect.visitVarInsn(Opcodes.ILOAD, 2);
        connect.visitLookupSwitchInsn(c, new int[] {7}, new Label[] {a});
        connect.visitLabel(c);
        connect.visitInsn(Opcodes.RETURN);
        connect.visitMaxs(0, 0);
        connect.visitEnd();
    }

    /** {@code bind}, a call at entry, and a branch over 33,000 bytes (goto_w). */
    private static void bindWithFarBranch(ClassWriter writer) {
        MethodVisitor bind = writer.visitMethod(Opcodes.ACC_PUBLIC, "bind", "(Ljava/net/InetAddress;I)V", null, null);
        bind.visitCode();
        Label far = new Label();
        bind.visitVarInsn(Opcodes.ILOAD, 2);
        bind.visitJumpInsn(Opcodes.GOTO, far);
        nops(bind, 33000);
        bind.visitLabel(far);
        bind.visitInsn(Opcodes.RETURN);
        bind.visitMaxs(0, 0);
        bind.visitEnd();
    }

    private static void nops(MethodVisitor method, int count) {
        for (int i = 0; i < count; i++) {
            method.visitInsn(Opcodes.NOP);
        }
    }

    /** The program as ASM reads it, independent of the constant pool's order and the instructions' encodings. */
    static String listing(byte[] classFile) {
        StringBuilder text = new StringBuilder();
        new ClassReader(classFile).accept(new ClassVisitor(CallWeaver.ASM_API) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                text.append("class ").append(version).append(' ').append(access).append(' ').append(name).append(' ')
                        .append(signature).append(' ').append(superName).append(' ').append(Arrays.toString(interfaces)).append('\n');
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                text.append("field ").append(access).append(' ').append(name).append(descriptor).append(' ').append(value).append('\n');
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                text.append("method ").append(access).append(' ').append(name).append(descriptor).append('\n');
                return new MethodListing(text);
            }
        }, ClassReader.EXPAND_FRAMES);
        return text.toString();
    }

    private static final class MethodListing extends MethodVisitor {
        private final StringBuilder text;
        private final Map<Label, String> labels = new HashMap<>();

        MethodListing(StringBuilder text) {
            super(CallWeaver.ASM_API);
            this.text = text;
        }

        private String name(Label label) {
            return labels.computeIfAbsent(label, unused -> "L" + labels.size());
        }

        private void line(Object... parts) {
            text.append(' ');
            for (Object part : parts) {
                text.append(' ').append(part instanceof Label ? name((Label) part) : part);
            }
            text.append('\n');
        }

        private String types(int count, Object[] types) {
            List<Object> named = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                named.add(types[i] instanceof Label ? "uninitialized " + name((Label) types[i]) : types[i]);
            }
            return named.toString();
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            line("FRAME", type, types(numLocal, local), types(numStack, stack));
        }

        @Override
        public void visitInsn(int opcode) {
            line(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            line(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            line(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            line(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            line(opcode, owner + "." + name + descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            line(opcode == Opcodes.INVOKESTATIC ? "INVOKESTATIC" : opcode, owner + "." + name + descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            line("INDY", name + descriptor, bootstrap, Arrays.toString(arguments));
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            line(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            line(name(label) + ":");
        }

        @Override
        public void visitLdcInsn(Object value) {
            line("LDC", value + "\n  (" + value.getClass().getSimpleName() + ")");
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            line("IINC", var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
            line("TABLESWITCH", min, max, dflt, names(targets));
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
            line("LOOKUPSWITCH", dflt, Arrays.toString(keys), names(targets));
        }

        private String names(Label[] targets) {
            List<String> named = new ArrayList<>();
            for (Label target : targets) {
                named.add(name(target));
            }
            return named.toString();
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            line("MULTIANEWARRAY", descriptor, dimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            line("TRYCATCH", start, end, handler, type);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
            line("LOCAL", name, descriptor, signature, start, end, index);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            line("LINE", line, start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            line("MAXS", maxStack, maxLocals);
        }

        @Override
        public void visitEnd() {
            line("END");
        }
    }

}
