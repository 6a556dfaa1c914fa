package io.sockbuf.agent.install;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transformer against this JDK's real socket classes (the test JVM's), without an agent. */
class HookTransformerTest {

    private final HookTransformer transformer = new HookTransformer(Hooks.all(), Hooks.unsizedTransports());

    @ParameterizedTest
    @ValueSource(strings = {"sun/nio/ch/NioSocketImpl", "java/net/AbstractPlainSocketImpl", "sun/nio/ch/SocketChannelImpl",
            "sun/nio/ch/ServerSocketChannelImpl", "sun/nio/ch/DatagramChannelImpl",
            "sun/nio/ch/AsynchronousSocketChannelImpl", "sun/nio/ch/AsynchronousServerSocketChannelImpl"})
    void wovenJdkClassesCallOnlyTheJdkAndTheBootstrapBridge(String internalName) throws Exception {
        byte[] woven = transformer.transform(null, internalName, null, null, jdkClassFile(internalName));

        assertNotNull(woven, internalName + " was not woven");
        TreeSet<String> ours = callsOutOfTheJdk(woven);
        assertTrue(!ours.isEmpty() && ours.stream().allMatch(call -> call.startsWith("io/sockbuf/agent/bridge/SocketSizer.")),
                "calls out of the JDK: " + ours);
    }

    /**
     * The whole hook table (the same for every mode), setOption hooks included, against the classes
     * that have them: each class gets the calls at the entry of setOption and after the set, and
     * calls nothing else of the agent.
     */
    @Test
    void theHooksIncludingSetOptionAtEntryAndAfterTheSetWeaveIntoTheJdkClasses() throws Exception {
        HookTransformer withSets = new HookTransformer(Hooks.withApplicationSets(), Hooks.unsizedTransports());
        for (String internalName : new String[] {"sun/nio/ch/SocketChannelImpl", "sun/nio/ch/ServerSocketChannelImpl",
                "sun/nio/ch/DatagramChannelImpl", "sun/nio/ch/AsynchronousSocketChannelImpl"}) {
            byte[] woven = withSets.transform(null, internalName, null, null, jdkClassFile(internalName));
            assertNotNull(woven, internalName + " was not woven");
            TreeSet<String> ours = callsOutOfTheJdk(woven);
            String bridge = "io/sockbuf/agent/bridge/SocketSizer.";
            assertTrue(ours.stream().allMatch(call -> call.startsWith(bridge)), "calls out of the JDK: " + ours);
            assertTrue(ours.contains(bridge + "applicationSetsOptionDone"), internalName + ": " + ours);
            assertTrue(ours.contains(bridge + "applicationSetsOption"), internalName + ": " + ours);
        }
        String impl = Runtime.version().feature() >= 13 ? "sun/nio/ch/NioSocketImpl" : "java/net/AbstractPlainSocketImpl";
        TreeSet<String> ours = callsOutOfTheJdk(withSets.transform(null, impl, null, null, jdkClassFile(impl)));
        assertTrue(ours.contains("io/sockbuf/agent/bridge/SocketSizer." + (Runtime.version().feature() >= 13
                ? "applicationSetsImplIntOptionDone" : "applicationSetsImplIntOptionWithServerSocketDone")), impl + ": " + ours);
    }

    @Test
    void classesOfOtherLoadersAreNotLookedAt() {
        assertNull(transformer.transform(getClass().getClassLoader(), "sun/nio/ch/NioSocketImpl", null, null, new byte[0]));
        assertNull(transformer.transform(null, "java/lang/String", null, null, new byte[0]));
    }

    @Test
    void aJdkClassWithoutTheHookedMethodIsReportedInsteadOfSilentlySkipped() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "sun/nio/ch/NioSocketImpl", null, "java/lang/Object", null);
        writer.visitEnd();

        String stderr = captureStderr(() -> assertNull(
                transformer.transform(null, "sun/nio/ch/NioSocketImpl", null, null, writer.toByteArray())));

        assertTrue(stderr.startsWith("[sockbuf] WARNING: sun.nio.ch.NioSocketImpl (" + System.getProperty("java.vm.version")
                + ") lacks [accept(Ljava/net/SocketImpl;)V, bind(Ljava/net/InetAddress;I)V, connect(Ljava/net/SocketAddress;I)V,"
                + " create(Z)V], which the agent hooks: sockets created there are not sized."), stderr);
    }

    @Test
    void delegatingConstructorsAreLeftAloneSoEachChannelIsSizedOnce() throws Exception {
        // JDK 11-25's SocketChannelImpl(SelectorProvider) calls this(provider, family); the others call super(...).
        byte[] woven = transformer.transform(null, "sun/nio/ch/SocketChannelImpl", null, null, jdkClassFile("sun/nio/ch/SocketChannelImpl"));
        assertNotNull(woven);
        TreeSet<String> sized = constructorsCalling(woven, "io/sockbuf/agent/bridge/SocketSizer");
        TreeSet<String> delegating = constructorsCalling(woven, "sun/nio/ch/SocketChannelImpl");
        assertTrue(!sized.isEmpty() && !delegating.isEmpty(), "sized " + sized + ", delegating " + delegating);
        for (String constructor : delegating) {
            assertTrue(!sized.contains(constructor), constructor + " delegates and was woven too: " + sized);
        }
    }

    /** Descriptors of the constructors that call a method of {@code owner} (for the class itself: its constructors). */
    private static TreeSet<String> constructorsCalling(byte[] classFile, String owner) {
        TreeSet<String> constructors = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(CallWeaver.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return !name.equals("<init>") ? null : new MethodVisitor(CallWeaver.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String callee, String method, String desc, boolean isInterface) {
                        if (callee.equals(owner) && (!owner.startsWith("sun/") || method.equals("<init>"))) {
                            constructors.add(descriptor);
                        }
                    }
                };
            }
        }, 0);
        return constructors;
    }

    @Test
    void nettyEpollChannelsAreWovenWhateverPackageTheyWereShadedInto() {
        for (String name : new String[] {"io/netty/channel/epoll/EpollSocketChannel",
                "io/grpc/netty/shaded/io/netty/channel/epoll/EpollServerSocketChannel"}) {
            byte[] woven = transformer.transform(getClass().getClassLoader(), name, null, null, classWithOneConstructor(name));
            assertNotNull(woven, name);
            assertEquals("[]", callsOutOfTheJdk(woven).toString(), "a library class names no agent class: its loader may not see one");
            assertEquals("[io.sockbuf.agent.bridge.SocketSizer, nettyEpollChannelCreated]", constantStrings(woven).toString());
        }
        assertNull(transformer.transform(getClass().getClassLoader(), "io/netty/channel/epoll/EpollDomainSocketChannel",
                null, null, classWithOneConstructor("io/netty/channel/epoll/EpollDomainSocketChannel")));
    }

    @Test
    void aTransportThatCannotBeSizedIsReportedOnce() {
        String name = "io/netty/channel/uring/IoUringSocketChannel";
        String stderr = captureStderr(() -> {
            assertNull(transformer.transform(getClass().getClassLoader(), name, null, null, classWithOneConstructor(name)));
            assertNull(transformer.transform(getClass().getClassLoader(), name, null, null, classWithOneConstructor(name)));
        });
        assertEquals("[sockbuf] WARNING: this application uses io.netty.channel.uring.IoUringSocketChannel, a transport that"
                + " creates sockets outside the JDK and that sockbuf cannot size: its sockets keep the kernel's sizes.\n", stderr);
    }

    /**
     * A library class whose constructors branch, add locals (an int, a long, a String), catch an
     * exception and return in several places, woven and then loaded by a loader of its own (so the
     * JVM verifies it) and constructed: the bridge is not on this JVM's boot class path, so the
     * woven lookup fails every time, and the application never notices.
     */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_6, Opcodes.V1_8, Opcodes.V11})
    void wovenLibraryCodePassesTheVerifierAndDropsWhateverItThrows(int version) throws Exception {
        String name = "com/example/shaded/channel/epoll/EpollSocketChannel";
        byte[] woven = transformer.transform(getClass().getClassLoader(), name, null, null, branchyLibraryClass(name, version));
        assertNotNull(woven);
        Class<?> type = new ClassLoader(null) {
            Class<?> define() {
                return defineClass(name.replace('/', '.'), woven, 0, woven.length);
            }
        }.define();
        for (int argument : new int[] {-1, 0, 1, 7}) {
            Object channel = type.getConstructor(int.class).newInstance(argument);
            assertEquals(argument > 0 ? "positive" : argument == 0 ? "caught" : "negative", channel.toString());
        }
        assertEquals("positive", type.getConstructor().newInstance().toString(), "the delegating constructor");
    }

    /**
     * Netty's connect and bind, hooked at their entry in a library class: woven, verified by the
     * JVM (its own loader), called. The first instruction of doConnect is a loop head (a frame at
     * offset 0, next to the inserted code's own); the woven lookup fails every time and is dropped,
     * while what the method itself throws still reaches its caller.
     */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_6, Opcodes.V1_8, Opcodes.V11})
    void nettyConnectAndBindAreWovenAtTheirEntryPassTheVerifierAndDropWhateverTheHookThrows(int version) throws Exception {
        String name = "com/example/shaded/channel/epoll/AbstractEpollChannel";
        byte[] woven = transformer.transform(getClass().getClassLoader(), name, null, null, connectAndBindClass(name, version));
        assertNotNull(woven);
        assertEquals("[]", callsOutOfTheJdk(woven).toString(), "a library class names no agent class: its loader may not see one");
        assertEquals("[bound, io.sockbuf.agent.bridge.SocketSizer, nettyEpollBinding, nettyEpollConnecting]", constantStrings(woven).toString());
        Class<?> type = new ClassLoader(null) {
            Class<?> define() {
                return defineClass(name.replace('/', '.'), woven, 0, woven.length);
            }
        }.define();
        Object channel = type.getConstructor().newInstance();
        java.lang.reflect.Method connect = type.getMethod("doConnect", java.net.SocketAddress.class, java.net.SocketAddress.class);
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9);
        assertEquals(true, connect.invoke(channel, address, address));
        assertEquals(false, connect.invoke(channel, null, null));
        java.lang.reflect.Method bind = type.getMethod("doBind", java.net.SocketAddress.class);
        bind.invoke(channel, address);
        assertEquals("bound", channel.toString());
        java.lang.reflect.InvocationTargetException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                java.lang.reflect.InvocationTargetException.class, () -> bind.invoke(channel, (Object) null));
        assertEquals(IllegalArgumentException.class, thrown.getCause().getClass(), "the method's own exception still goes through");
    }

    /**
     * {@code boolean doConnect(SocketAddress remote, SocketAddress local)}: a loop at its start,
     * two IRETURNs; {@code void doBind(SocketAddress)}: throws on null, else sets a field.
     */
    private static byte[] connectAndBindClass(String internalName, int version) {
        String address = "Ljava/net/SocketAddress;";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_PRIVATE, "what", "Ljava/lang/String;", null, null).visitEnd();
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor connect = writer.visitMethod(Opcodes.ACC_PUBLIC, "doConnect", "(" + address + address + ")Z", null, null);
        connect.visitCode();
        net.bytebuddy.jar.asm.Label loop = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label unbound = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label connected = new net.bytebuddy.jar.asm.Label();
        connect.visitLabel(loop);
        connect.visitVarInsn(Opcodes.ALOAD, 2);
        connect.visitJumpInsn(Opcodes.IFNULL, unbound);
        connect.visitInsn(Opcodes.ACONST_NULL);
        connect.visitVarInsn(Opcodes.ASTORE, 2);
        connect.visitJumpInsn(Opcodes.GOTO, loop);
        connect.visitLabel(unbound);
        connect.visitVarInsn(Opcodes.ALOAD, 1);
        connect.visitJumpInsn(Opcodes.IFNONNULL, connected);
        connect.visitInsn(Opcodes.ICONST_0);
        connect.visitInsn(Opcodes.IRETURN);
        connect.visitLabel(connected);
        connect.visitInsn(Opcodes.ICONST_1);
        connect.visitInsn(Opcodes.IRETURN);
        connect.visitMaxs(0, 0);
        connect.visitEnd();
        MethodVisitor bind = writer.visitMethod(Opcodes.ACC_PUBLIC, "doBind", "(" + address + ")V", null, null);
        bind.visitCode();
        net.bytebuddy.jar.asm.Label given = new net.bytebuddy.jar.asm.Label();
        bind.visitVarInsn(Opcodes.ALOAD, 1);
        bind.visitJumpInsn(Opcodes.IFNONNULL, given);
        bind.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
        bind.visitInsn(Opcodes.DUP);
        bind.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V", false);
        bind.visitInsn(Opcodes.ATHROW);
        bind.visitLabel(given);
        bind.visitVarInsn(Opcodes.ALOAD, 0);
        bind.visitLdcInsn("bound");
        bind.visitFieldInsn(Opcodes.PUTFIELD, internalName, "what", "Ljava/lang/String;");
        bind.visitInsn(Opcodes.RETURN);
        bind.visitMaxs(0, 0);
        bind.visitEnd();
        return withWhatAsToString(writer, internalName);
    }

    /** {@code EpollSocketChannel(int n)}: three RETURNs, new locals, a try/catch; {@code EpollSocketChannel()}: this(1). */
    private static byte[] branchyLibraryClass(String internalName, int version) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_PRIVATE, "what", "Ljava/lang/String;", null, null).visitEnd();
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        net.bytebuddy.jar.asm.Label notPositive = new net.bytebuddy.jar.asm.Label();
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitJumpInsn(Opcodes.IFLE, notPositive);
        init.visitLdcInsn(7L);
        init.visitVarInsn(Opcodes.LSTORE, 2);
        setWhat(init, "positive");
        init.visitInsn(Opcodes.RETURN);
        init.visitLabel(notPositive);
        net.bytebuddy.jar.asm.Label tryStart = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label tryEnd = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label handler = new net.bytebuddy.jar.asm.Label();
        init.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/ArithmeticException");
        init.visitLabel(tryStart);
        init.visitInsn(Opcodes.ICONST_1);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitInsn(Opcodes.IDIV);
        init.visitVarInsn(Opcodes.ISTORE, 2);
        init.visitLabel(tryEnd);
        setWhat(init, "negative");
        init.visitInsn(Opcodes.RETURN);
        init.visitLabel(handler);
        init.visitVarInsn(Opcodes.ASTORE, 3);
        setWhat(init, "caught");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor delegating = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        delegating.visitCode();
        delegating.visitVarInsn(Opcodes.ALOAD, 0);
        delegating.visitInsn(Opcodes.ICONST_1);
        delegating.visitMethodInsn(Opcodes.INVOKESPECIAL, internalName, "<init>", "(I)V", false);
        delegating.visitInsn(Opcodes.RETURN);
        delegating.visitMaxs(0, 0);
        delegating.visitEnd();
        return withWhatAsToString(writer, internalName);
    }

    /** Adds {@code toString()} returning the field {@code what}, ends the class and returns its bytes. */
    private static byte[] withWhatAsToString(ClassWriter writer, String internalName) {
        MethodVisitor toString = writer.visitMethod(Opcodes.ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
        toString.visitCode();
        toString.visitVarInsn(Opcodes.ALOAD, 0);
        toString.visitFieldInsn(Opcodes.GETFIELD, internalName, "what", "Ljava/lang/String;");
        toString.visitInsn(Opcodes.ARETURN);
        toString.visitMaxs(0, 0);
        toString.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void setWhat(MethodVisitor method, String value) {
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitLdcInsn(value);
        String owner = "com/example/shaded/channel/epoll/EpollSocketChannel";
        method.visitFieldInsn(Opcodes.PUTFIELD, owner, "what", "Ljava/lang/String;");
    }

    /** The String constants a class loads with LDC. */
    private static TreeSet<String> constantStrings(byte[] classFile) {
        TreeSet<String> constants = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(CallWeaver.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(CallWeaver.ASM_API) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String) {
                            constants.add((String) value);
                        }
                    }
                };
            }
        }, 0);
        return constants;
    }

    private static byte[] classWithOneConstructor(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Owner.method of every call the class makes to something that is not the JDK. */
    private static TreeSet<String> callsOutOfTheJdk(byte[] classFile) {
        TreeSet<String> calls = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(CallWeaver.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(CallWeaver.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        if (!owner.startsWith("java/") && !owner.startsWith("sun/") && !owner.startsWith("jdk/")) {
                            calls.add(owner + "." + method);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    private static byte[] jdkClassFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    /** What the agent logs while {@code action} runs. */
    static String captureStderr(Runnable action) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        io.sockbuf.agent.log.Log.writeTo(captured);
        try {
            action.run();
            io.sockbuf.agent.log.Log.awaitWritten(5000);
        } finally {
            io.sockbuf.agent.log.Log.writeTo(null);
        }
        return new String(captured.toByteArray(), StandardCharsets.UTF_8);
    }
}
