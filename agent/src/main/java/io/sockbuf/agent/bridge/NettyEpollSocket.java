package io.sockbuf.agent.bridge;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * The socket behind one of Netty's epoll channels, sized through Netty's own public methods
 * ({@code fd()} of the channel; {@code setReceiveBufferSize} and friends of its
 * {@code io.netty.channel.unix.Socket}). Reached by reflection: Netty is not visible from the boot
 * loader, and may be shaded under any package. Lookups are cached per class, not per socket.
 */
public final class NettyEpollSocket {

    private static final ClassValue<Method[]> CHANNEL_METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> channelClass) {
            return new Method[] {accessible(channelClass, "fd"), accessible(channelClass, "isActive")};
        }
    };

    private static final ClassValue<Method[]> SOCKET_METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> socketClass) {
            return new Method[] {
                accessible(socketClass, "setReceiveBufferSize", int.class), accessible(socketClass, "setSendBufferSize", int.class),
                accessible(socketClass, "getReceiveBufferSize"), accessible(socketClass, "getSendBufferSize")};
        }
    };

    /** {@code localAddress()} and {@code remoteAddress()} of Netty's Socket, or null where this Netty has none: only for the log. */
    private static final ClassValue<Method[]> ADDRESS_METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> socketClass) {
            try {
                return new Method[] {accessible(socketClass, "localAddress"), accessible(socketClass, "remoteAddress")};
            } catch (IllegalStateException e) {
                return null;
            }
        }
    };

    private final Object socket;
    private final Method[] methods;

    private NettyEpollSocket(Object socket) {
        this.socket = socket;
        this.methods = SOCKET_METHODS.get(socket.getClass());
    }

    /** The channel's role, from its class and whether it is already connected; null for others. */
    static SocketKind kindOf(Object channel) throws IOException {
        String name = channel.getClass().getName();
        if (name.endsWith(".EpollServerSocketChannel")) {
            return SocketKind.TCP_LISTENER;
        }
        if (name.endsWith(".EpollDatagramChannel")) {
            return SocketKind.UDP;
        }
        if (name.endsWith(".EpollSocketChannel")) {
            boolean active = (Boolean) invoke(CHANNEL_METHODS.get(channel.getClass())[1], channel);
            return active ? SocketKind.TCP_ACCEPTED : SocketKind.TCP_CLIENT;
        }
        return null;
    }

    static NettyEpollSocket of(Object channel) throws IOException {
        return new NettyEpollSocket(invoke(CHANNEL_METHODS.get(channel.getClass())[0], channel));
    }

    void set(boolean receive, int bytes) throws IOException {
        invoke(methods[receive ? 0 : 1], socket, bytes);
    }

    /**
     * Netty returns the kernel's number as is; Linux (the only home of epoll) keeps twice the granted
     * size. Halved here, the way the JDK does, so it compares with the request like every other socket.
     */
    int get(boolean receive) throws IOException {
        return (Integer) invoke(methods[receive ? 2 : 3], socket) / 2;
    }

    /**
     * The socket's local (0) and remote (1) ends as Netty reads them from the kernel, each null
     * where there is none yet (a socket sized at creation is neither bound nor connected, except
     * an accepted one) or this Netty cannot tell; for the log line only.
     */
    public InetSocketAddress[] ends() {
        Method[] addresses = ADDRESS_METHODS.get(socket.getClass());
        InetSocketAddress[] ends = new InetSocketAddress[2];
        for (int i = 0; addresses != null && i < 2; i++) {
            try {
                Object end = invoke(addresses[i], socket);
                ends[i] = end instanceof InetSocketAddress && ((InetSocketAddress) end).getPort() != 0 ? (InetSocketAddress) end : null;
            } catch (IOException | RuntimeException e) {
                ends[i] = null;
            }
        }
        return ends;
    }

    /** Netty's Socket object, the same for every event of one channel (a wrapper is made per event). */
    public Object identity() {
        return socket;
    }

    @Override
    public String toString() {
        return "Netty epoll";
    }

    private static Method accessible(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getMethod(name, parameters);
            method.setAccessible(true); // declared in a package-private Netty class
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this Netty version has no " + name + " on " + type.getName(), e);
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) throws IOException {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IOException(e);
        }
    }
}
