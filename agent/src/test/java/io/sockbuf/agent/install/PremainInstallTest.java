package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import io.sockbuf.agent.bridge.SocketSizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What premain leaves registered with the JVM: no transformer once the JDK's socket classes are
 * woven (a registered one is handed every class loaded afterwards), until a native transport
 * library is about to load.
 */
class PremainInstallTest {

    /** An Instrumentation that records transformers and retransformations, and lists the given classes as loaded. */
    static final class RecordingInstrumentation {
        final Map<ClassFileTransformer, Boolean> registered = new LinkedHashMap<>();
        final List<Class<?>> retransformed = new ArrayList<>();
        final List<Class<?>> loaded = new ArrayList<>();

        Instrumentation proxy() {
            return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
                    (proxy, method, arguments) -> {
                        switch (method.getName()) {
                            case "addTransformer":
                                registered.put((ClassFileTransformer) arguments[0], arguments.length > 1 && (Boolean) arguments[1]);
                                return null;
                            case "removeTransformer":
                                return registered.remove(arguments[0]) != null;
                            case "getAllLoadedClasses":
                                return loaded.toArray(new Class<?>[0]);
                            case "retransformClasses":
                                for (Class<?> type : (Class<?>[]) arguments[0]) {
                                    retransformed.add(type);
                                    handToRetransformers(type); // as the JVM does
                                }
                                return null;
                            case "isRetransformClassesSupported":
                                return true;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        /** The class file, as the JVM hands it to each retransformation-capable transformer registered. */
        private void handToRetransformers(Class<?> type) throws Exception {
            byte[] classFile;
            try (java.io.InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
                classFile = in.readAllBytes();
            }
            for (Map.Entry<ClassFileTransformer, Boolean> transformer : new ArrayList<>(registered.entrySet())) {
                if (transformer.getValue()) {
                    transformer.getKey().transform(type.getClassLoader(), type.getName().replace('.', '/'), type, null, classFile);
                }
            }
        }
    }

    private final RecordingInstrumentation jvm = new RecordingInstrumentation();

    @AfterEach
    void nobodyListensAnyMore() {
        SocketSizer.whenANativeTransportLoads(null);
        SocketSizer.whenSocketClassesAreNeeded(null);
    }

    /**
     * In this test JVM nothing hands classes to the recording transformers: a target class that
     * exists counts as loaded before the agent, one that does not stands for a class premain loads.
     */
    @Test
    void afterPremainNoTransformerIsRegisteredAndTheNativeLibraryClassIsWoven() throws Exception {
        PremainInstall.install(jvm.proxy(), List.of(Hook.constructors("sun.nio.ch.NoSuchChannelImpl", BridgeCall.withThis("channelCreated"))),
                List.of());

        assertEquals(Map.of(), jvm.registered, "transformers left registered");
        assertEquals(List.of(nativeLibraryClass()), jvm.retransformed, "only the JDK's native-library class, loaded before any premain, is re-woven");
    }

    @Test
    void aSocketClassLoadedBeforePremainKeepsATransformerThatCanRetransformIt() throws Exception {
        Class<?> channel = Class.forName("sun.nio.ch.SocketChannelImpl", false, null);

        PremainInstall.install(jvm.proxy(), List.of(Hook.constructors("sun.nio.ch.SocketChannelImpl", BridgeCall.withThis("channelCreated"))),
                List.of());

        assertEquals(List.of(true), new ArrayList<>(jvm.registered.values()), "one retransformation-capable transformer stays");
        assertEquals(Set.of(channel, nativeLibraryClass()), new HashSet<>(jvm.retransformed));
    }

    @Test
    void socketClassesWhoseTriggerThisJdkLacksAreLoadedInPremain() throws Exception {
        Class<?> channel = Class.forName("sun.nio.ch.SocketChannelImpl", false, null);
        DeferredGroup noTrigger = DeferredGroup.behind(Hook.constructors("java.nio.channels.spi.NoSuchProvider",
                BridgeCall.atEntry("selectorProviderCreated")), "sun.nio.ch.SocketChannelImpl");

        PremainInstall.install(jvm.proxy(), List.of(Hook.constructors("sun.nio.ch.SocketChannelImpl", BridgeCall.withThis("channelCreated"))),
                List.of(noTrigger));

        assertTrue(jvm.retransformed.contains(channel), "loaded (here: found loaded, so re-woven) in premain: " + jvm.retransformed);
    }

    @Test
    void aTriggerLoadsItsSocketClassesOnceAndOnlyItsOwn() throws Exception {
        Class<?> channel = Class.forName("sun.nio.ch.SocketChannelImpl", false, null);
        List<Hook> hooks = List.of(Hook.constructors("sun.nio.ch.SocketChannelImpl", BridgeCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.DatagramChannelImpl", BridgeCall.withThis("channelCreated")));
        HookTransformer transformer = new HookTransformer(hooks, List.of());
        DeferredSocketClasses deferred = new DeferredSocketClasses(new SocketClassLoading(jvm.proxy(), transformer, List.of()), List.of(
                DeferredGroup.behind(Hook.constructors("test.Provider", BridgeCall.atEntry("selectorProviderCreated")), "sun.nio.ch.SocketChannelImpl"),
                DeferredGroup.behind(Hook.constructors("test.Other", BridgeCall.atEntry("datagramSocketImplCreating")), "sun.nio.ch.DatagramChannelImpl")));

        deferred.needed("platformSocketImplCreating");
        assertEquals(List.of(), jvm.retransformed, "a trigger without a group loads nothing");
        deferred.needed("selectorProviderCreated");
        deferred.needed("selectorProviderCreated");

        assertEquals(List.of(channel), jvm.retransformed, "found loaded, so re-woven, once; the other group still waits");
    }

    /** java.instrument loads its own JNI library before any premain: this class is always loaded already. */
    private static Class<?> nativeLibraryClass() throws ClassNotFoundException {
        return Class.forName(Runtime.version().feature() >= 17 ? "jdk.internal.loader.NativeLibraries$NativeLibraryImpl"
                : "java.lang.ClassLoader$NativeLibrary", false, null);
    }

    @Test
    void onlyANativeTransportLibraryRegistersTheLibraryTransformerAndOnlyOnce() throws Exception {
        PremainInstall.install(jvm.proxy(), Hooks.withApplicationSets());
        jvm.registered.clear(); // the JDK's socket classes, loaded in this test JVM, count as loaded before the agent
        Class<?> nettyLike = Class.forName("com.example.channel.epoll.EpollSocketChannel");
        jvm.loaded.add(nettyLike);

        SocketSizer.nativeLibraryLoading("/usr/lib/jvm/lib/libnet.so");
        SocketSizer.nativeLibraryLoading("zip");
        assertEquals(Map.of(), jvm.registered, "other libraries leave the JVM without a transformer");

        SocketSizer.nativeLibraryLoading("/tmp/libnetty_transport_native_epoll_x86_644711.so");
        SocketSizer.nativeLibraryLoading("io_grpc_netty_shaded_netty_transport_native_epoll_x86_64");

        assertEquals(List.of(true), new ArrayList<>(jvm.registered.values()), "one library transformer, retransformation-capable");
        assertTrue(jvm.retransformed.contains(nettyLike), "an epoll channel class loaded before the library is re-woven: " + jvm.retransformed);
    }
}
