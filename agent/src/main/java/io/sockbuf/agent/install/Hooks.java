package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;

import io.sockbuf.agent.proc.JavaVersion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Where the JDK creates socket descriptors, per JDK version. Each hook fires right after the
 * descriptor exists and before connect/bind/listen can run. A class missing on a JDK (e.g.
 * NioSocketImpl on JDK 11) is simply never loaded there; a hook whose field is missing is skipped.
 */
final class Hooks {

    private Hooks() {
    }

    /**
     * The hooks, the same for every mode. Every mode sees the application's own SO_RCVBUF/SO_SNDBUF at the entry
     * of setOption and after the set: at the entry the other modes may replace or drop the
     * application's value, and an accepted socket's receive size, inherited and about to be replaced,
     * is read (what it was counted as); after the set, whose size is in force is reported.
     */
    static List<Hook> withApplicationSets() {
        List<Hook> hooks = new ArrayList<>(all());
        for (Hook hook : applicationSets()) {
            if (hook.className.equals("java.net.AbstractPlainSocketImpl") && hook.descriptor.startsWith("(Ljava/net/SocketOption;")) {
                hooks.add(hook); // it hands SO_RCVBUF/SO_SNDBUF to setOption(int, Object), whose hook reports the set once
                continue;
            }
            hooks.add(hook.withCall(hook.call.andAfterTheSet()));
        }
        return hooks;
    }

    /** Where the application sets socket options itself, for the override, observe and auto modes. */
    static List<Hook> applicationSets() {
        BridgeCall intForm = BridgeCall.applicationSetsIntOption();
        BridgeCall optionForm = BridgeCall.applicationSetsOption();
        String option = "(Ljava/net/SocketOption;Ljava/lang/Object;)";
        return Arrays.asList(
                // java.net socket impls tell the bridge whether they belong to a listener (as at create).
                Hook.method("sun.nio.ch.NioSocketImpl", "setOption", "(ILjava/lang/Object;)V", BridgeCall.applicationSetsImplIntOption("server")),
                Hook.method("sun.nio.ch.NioSocketImpl", "setOption", option + "V", BridgeCall.applicationSetsImplOption("server")),
                Hook.method("java.net.AbstractPlainSocketImpl", "setOption", "(ILjava/lang/Object;)V",
                        BridgeCall.applicationSetsImplIntOptionWithServerSocket()),
                Hook.method("java.net.AbstractPlainSocketImpl", "setOption", "(ILjava/lang/Object;)V", BridgeCall.applicationSetsImplIntOption("isServer")),
                Hook.method("java.net.AbstractPlainSocketImpl", "setOption", option + "V",
                        BridgeCall.applicationSetsImplOptionWithServerSocket()).whereItExists(),
                Hook.method("java.net.AbstractPlainSocketImpl", "setOption", option + "V", BridgeCall.applicationSetsImplOption("isServer")).whereItExists(),
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "setOption", "(ILjava/lang/Object;)V", intForm),
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "setOption", option + "V", optionForm).whereItExists(),
                Hook.method("sun.nio.ch.SocketChannelImpl", "setOption", option + "Ljava/nio/channels/SocketChannel;", optionForm),
                Hook.method("sun.nio.ch.ServerSocketChannelImpl", "setOption", option + "Ljava/nio/channels/ServerSocketChannel;", optionForm),
                Hook.method("sun.nio.ch.DatagramChannelImpl", "setOption", option + "Ljava/nio/channels/DatagramChannel;", optionForm),
                Hook.method("sun.nio.ch.AsynchronousSocketChannelImpl", "setOption", option + "Ljava/nio/channels/AsynchronousSocketChannel;", optionForm),
                Hook.method("sun.nio.ch.AsynchronousServerSocketChannelImpl", "setOption",
                        option + "Ljava/nio/channels/AsynchronousServerSocketChannel;", optionForm));
    }

    static List<Hook> all() {
        return Arrays.asList(
                // java.net.Socket / ServerSocket (and SSL sockets, which extend them), JDK 13+.
                Hook.method("sun.nio.ch.NioSocketImpl", "create", "(Z)V", BridgeCall.socketImplCreated("server")),
                // The same on JDK 11 (listener: SocketImpl.serverSocket set) and on 13-17 with
                // -Djdk.net.usePlainSocketImpl=true (listener: isServer).
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V", BridgeCall.socketImplCreatedWithServerSocket()),
                Hook.method("java.net.AbstractPlainSocketImpl", "create", "(Z)V", BridgeCall.socketImplCreated("isServer")),
                // Accepted java.net sockets (plain and SSL): SO_SNDBUF is set on each (Linux would clone the
                // listener's, but the agent keeps no record of what it set there; benchmarks/README.md).
                Hook.method("sun.nio.ch.NioSocketImpl", "accept", "(Ljava/net/SocketImpl;)V", BridgeCall.socketAccepted()),
                Hook.method("java.net.AbstractPlainSocketImpl", "accept", "(Ljava/net/SocketImpl;)V", BridgeCall.socketAccepted()),
                // DatagramSocket / MulticastSocket on JDK 11 (15-17: -Djdk.net.usePlainDatagramSocketImpl=true).
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "create", "()V", BridgeCall.withThis("datagramImplCreated")),
                // NIO and asynchronous channels, opened directly, through SelectorProvider, or accepted;
                // on JDK 15+ DatagramChannelImpl is also behind DatagramSocket and MulticastSocket.
                Hook.constructors("sun.nio.ch.SocketChannelImpl", BridgeCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.ServerSocketChannelImpl", BridgeCall.listenerChannelCreated()),
                Hook.constructors("sun.nio.ch.DatagramChannelImpl", BridgeCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.AsynchronousSocketChannelImpl", BridgeCall.withThis("channelCreated")),
                Hook.constructors("sun.nio.ch.AsynchronousServerSocketChannelImpl", BridgeCall.withThis("channelCreated")),
                // Where a port or address becomes known, before anything is sent: rules that need one
                // (sockbuf.rules with port= or host=) are applied here. Without such rules the bridge
                // returns at once.
                Hook.method("sun.nio.ch.NioSocketImpl", "connect", "(Ljava/net/SocketAddress;I)V", BridgeCall.beforeWithFirstArgument("socketImplConnecting")),
                Hook.method("java.net.AbstractPlainSocketImpl", "connect", "(Ljava/net/SocketAddress;I)V", BridgeCall.beforeWithFirstArgument("socketImplConnecting")),
                Hook.method("sun.nio.ch.NioSocketImpl", "bind", "(Ljava/net/InetAddress;I)V", BridgeCall.beforeSocketImplBind("server")),
                Hook.method("java.net.AbstractPlainSocketImpl", "bind", "(Ljava/net/InetAddress;I)V", BridgeCall.beforeSocketImplBindWithServerSocket()),
                Hook.method("java.net.AbstractPlainSocketImpl", "bind", "(Ljava/net/InetAddress;I)V", BridgeCall.beforeSocketImplBind("isServer")),
                Hook.method("java.net.AbstractPlainDatagramSocketImpl", "bind", "(ILjava/net/InetAddress;)V", BridgeCall.beforeDatagramImplBind()),
                Hook.method("sun.nio.ch.SocketChannelImpl", "connect", "(Ljava/net/SocketAddress;)Z", BridgeCall.beforeWithFirstArgument("channelConnecting")),
                // JDK 13+: SocketChannel.socket().connect(...) goes here instead of connect(SocketAddress).
                Hook.method("sun.nio.ch.SocketChannelImpl", "blockingConnect", "(Ljava/net/SocketAddress;J)V",
                        BridgeCall.beforeWithFirstArgument("channelConnecting")).whereItExists(),
                Hook.method("sun.nio.ch.UnixAsynchronousSocketChannelImpl", "implConnect",
                        "(Ljava/net/SocketAddress;Ljava/lang/Object;Ljava/nio/channels/CompletionHandler;)Ljava/util/concurrent/Future;",
                        BridgeCall.beforeWithFirstArgument("channelConnecting")),
                Hook.method("sun.nio.ch.ServerSocketChannelImpl", "bind", "(Ljava/net/SocketAddress;I)Ljava/nio/channels/ServerSocketChannel;",
                        BridgeCall.beforeWithFirstArgument("channelBinding")),
                Hook.method("sun.nio.ch.AsynchronousServerSocketChannelImpl", "bind",
                        "(Ljava/net/SocketAddress;I)Ljava/nio/channels/AsynchronousServerSocketChannel;", BridgeCall.beforeWithFirstArgument("channelBinding")),
                Hook.method("sun.nio.ch.DatagramChannelImpl", "bind", "(Ljava/net/SocketAddress;)Ljava/nio/channels/DatagramChannel;",
                        BridgeCall.beforeWithFirstArgument("channelBinding")),
                // Netty's native epoll transport makes its sockets in JNI code, never through the JDK.
                // Its channel constructors run after the socket exists and before bind/connect.
                Hook.libraryConstructors(".channel.epoll.EpollSocketChannel", BridgeCall.withThis("nettyEpollChannelCreated")),
                Hook.libraryConstructors(".channel.epoll.EpollServerSocketChannel", BridgeCall.withThis("nettyEpollChannelCreated")),
                Hook.libraryConstructors(".channel.epoll.EpollDatagramChannel", BridgeCall.withThis("nettyEpollChannelCreated")),
                // Every epoll connect (Bootstrap.connect; TCP Fast Open too, in doConnect0 further in) and every bind
                // (ServerBootstrap.bind: the listener before listen; UDP) goes through these two of the common base class,
                // before the socket has its address: rules with host=/port= are applied there, and a client's line is written.
                Hook.libraryMethod(".channel.epoll.AbstractEpollChannel", "doConnect", "(Ljava/net/SocketAddress;Ljava/net/SocketAddress;)Z",
                        BridgeCall.beforeWithFirstArgument("nettyEpollConnecting")),
                Hook.libraryMethod(".channel.epoll.AbstractEpollChannel", "doBind", "(Ljava/net/SocketAddress;)V",
                        BridgeCall.beforeWithFirstArgument("nettyEpollBinding")));
    }

    /**
     * Where every JNI library is loaded ({@code System.load}, {@code System.loadLibrary}): in premain
     * no transformer stays registered, so this is how the agent learns that Netty's native transport
     * is coming and starts watching for its channel classes (see PremainInstall). The JDK's own
     * library class rather than {@code java.lang.Runtime}, which agents that watch {@code exec}
     * retransform: a later retransformation rebuilds a class without hooks woven by retransformation.
     */
    static List<Hook> nativeLibraryLoads() {
        BridgeCall call = BridgeCall.beforeWithOwnField("nativeLibraryLoading", "name", "Ljava/lang/String;");
        return Arrays.asList(
                Hook.method("jdk.internal.loader.NativeLibraries$NativeLibraryImpl", "open", "()Z", call), // 17+
                Hook.method("java.lang.ClassLoader$NativeLibrary", "load", "()Z", call)); // 11
    }

    /**
     * The JDK socket classes that premain does not load, each group behind its trigger (see
     * PremainInstall): loading and weaving them costs every JVM's start, and most use one kind of
     * socket. A trigger runs ahead of every instance: no NIO channel without a SelectorProvider
     * (its constructor), no asynchronous channel without an AsynchronousChannelProvider, no java.net
     * impl on JDK 13-21 but from SocketImpl.createPlatformSocketImpl (the plain ones only when JDK 13-17
     * were told to use them), no plain DatagramSocket impl on
     * JDK 11-17 but from DefaultDatagramSocketImplFactory. Where a trigger is missing (JDK 11 has no
     * createPlatformSocketImpl), its classes are loaded in premain as before. SocketChannelImpl is
     * deferred only before JDK 21: 21+ load it without any channel (file streams test for it with
     * instanceof), and a class loaded before its trigger must be retransformed, which keeps a
     * transformer for good.
     */
    static List<DeferredGroup> deferredSocketClasses() {
        int jdk = jdkFeature();
        List<DeferredGroup> groups = new ArrayList<>();
        groups.add(DeferredGroup.behind(Hook.constructors("java.nio.channels.spi.SelectorProvider", BridgeCall.atEntry("selectorProviderCreated")),
                jdk < 21 ? new String[] {"sun.nio.ch.SocketChannelImpl", "sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.DatagramChannelImpl"}
                        : new String[] {"sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.DatagramChannelImpl"}));
        groups.add(DeferredGroup.behind(Hook.constructors("java.nio.channels.spi.AsynchronousChannelProvider",
                BridgeCall.atEntry("asynchronousChannelProviderCreated")),
                "sun.nio.ch.AsynchronousSocketChannelImpl", "sun.nio.ch.UnixAsynchronousSocketChannelImpl", "sun.nio.ch.AsynchronousServerSocketChannelImpl"));
        if (jdk < 22) {
            // JDK 25 verifies the woven SocketImpl when it links, which loads NioSocketImpl ahead of
            // the trigger (22-24 are not in the test matrix and are taken to do the same).
            String createPlatformSocketImpl = "(Z)Ljava/net/SocketImpl;";
            // JDK 13-17 pass whether they make plain impls (-Djdk.net.usePlainSocketImpl); on a JDK
            // without that field the second hook takes the first one's place, which counts as "maybe".
            List<Hook> platformSocketImpl = Arrays.asList(
                    Hook.method("java.net.SocketImpl", "createPlatformSocketImpl", createPlatformSocketImpl,
                            BridgeCall.atEntryWithOwnStaticBoolean("platformSocketImplCreating", "USE_PLAINSOCKETIMPL")).whereItExists(),
                    Hook.method("java.net.SocketImpl", "createPlatformSocketImpl", createPlatformSocketImpl,
                            BridgeCall.atEntry("platformSocketImplCreating")).whereItExists());
            groups.add(new DeferredGroup("platformSocketImplCreating", "java.net.SocketImpl", platformSocketImpl, "sun.nio.ch.NioSocketImpl"));
            groups.add(new DeferredGroup("plainSocketImplCreating", "java.net.SocketImpl", Collections.<Hook>emptyList(),
                    "java.net.AbstractPlainSocketImpl"));
        }
        groups.add(DeferredGroup.behind(Hook.method("java.net.DefaultDatagramSocketImplFactory", "createDatagramSocketImpl",
                "(Z)Ljava/net/DatagramSocketImpl;", BridgeCall.atEntry("datagramSocketImplCreating")),
                "java.net.AbstractPlainDatagramSocketImpl"));
        return groups;
    }

    /** From a system property: Runtime.version() parses with a regex, at every start. Unknown: SocketChannelImpl eager, the safe side. */
    private static int jdkFeature() {
        return JavaVersion.feature(System.getProperty("java.specification.version", ""), Integer.MAX_VALUE);
    }

    /** Library transports whose sockets the agent cannot size: seeing one gets a warning, not silence. */
    static List<String> unsizedTransports() {
        return Arrays.asList(
                ".channel.uring.IoUringSocketChannel", ".channel.uring.IoUringServerSocketChannel",
                ".incubator.channel.uring.IOUringSocketChannel", ".incubator.channel.uring.IOUringServerSocketChannel");
    }
}
