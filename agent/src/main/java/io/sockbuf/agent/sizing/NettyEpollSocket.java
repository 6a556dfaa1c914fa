package io.sockbuf.agent.sizing;

import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Ends;
import io.sockbuf.agent.model.SocketRole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The socket behind one of Netty's epoll channels, sized through Netty's own public methods
 * ({@code fd()} of the channel; {@code setReceiveBufferSize} and friends of its
 * {@code io.netty.channel.unix.Socket}). Reached by reflection: Netty is not visible from the boot
 * loader, and may be shaded under any package. Lookups are cached per class, not per socket.
 */
final class NettyEpollSocket extends SocketHandle {

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

    /** {@code localAddress()} and {@code remoteAddress()} of Netty's Socket, or null where this Netty has none. */
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

    /** The channel's {@code fd()}, found on first use. */
    private Object fdSocket;
    private Method[] methods;

    private NettyEpollSocket(Object channel) {
        super(channel);
    }

    /** A handle for one of Netty's epoll channels, by the end of its class name (shaded or not); null for any other object. */
    static NettyEpollSocket ofChannel(Object channel) {
        String name = channel.getClass().getName();
        return name.endsWith(".EpollServerSocketChannel") || name.endsWith(".EpollDatagramChannel")
                || name.endsWith(".EpollSocketChannel") ? new NettyEpollSocket(channel) : null;
    }

    /** The channel's role, from its class and whether it is already connected. */
    @Override
    SocketRole findRole() throws IOException {
        fdSocket(); // a class of that name that is not the Netty the agent knows fails here, before anything is set
        String name = socket.getClass().getName();
        if (name.endsWith(".EpollServerSocketChannel")) {
            return SocketRole.LISTENER;
        }
        if (name.endsWith(".EpollDatagramChannel")) {
            return SocketRole.UDP;
        }
        return connected() ? SocketRole.ACCEPTED : SocketRole.CLIENT;
    }

    @Override
    boolean connected() throws IOException {
        return socket.getClass().getName().endsWith(".EpollSocketChannel")
                && (Boolean) invoke(CHANNEL_METHODS.get(socket.getClass())[1], socket);
    }

    private Object fdSocket() throws IOException {
        if (fdSocket == null) {
            fdSocket = invoke(CHANNEL_METHODS.get(socket.getClass())[0], socket);
            methods = SOCKET_METHODS.get(fdSocket.getClass());
        }
        return fdSocket;
    }

    @Override
    public void set(Direction direction, int bytes) throws IOException {
        Object fd = fdSocket();
        invoke(methods[direction == Direction.RECEIVE ? 0 : 1], fd, bytes);
    }

    /** Netty returns the kernel's number as is (Linux, the only home of epoll): reported as the JDK would. */
    @Override
    public int get(Direction direction) throws IOException {
        Object fd = fdSocket();
        return KernelLimits.reported((Integer) invoke(methods[direction == Direction.RECEIVE ? 2 : 3], fd));
    }

    /** An accepted channel (Netty makes it when it accepts, before the application sees it): its peer and local port. */
    @Override
    InetSocketAddress acceptedAddress() throws IOException {
        InetSocketAddress[] ends = addresses();
        return ends[0] == null || ends[1] == null ? null : new InetSocketAddress(ends[1].getAddress(), ends[0].getPort());
    }

    /**
     * The socket's local (0) and remote (1) ends as Netty reads them from the kernel, each null
     * where there is none yet (a socket sized at creation is neither bound nor connected, except
     * an accepted one) or this Netty cannot tell.
     */
    private InetSocketAddress[] addresses() throws IOException {
        Object fd = fdSocket();
        Method[] addresses = ADDRESS_METHODS.get(fd.getClass());
        InetSocketAddress[] ends = new InetSocketAddress[2];
        for (int i = 0; addresses != null && i < 2; i++) {
            try {
                Object end = invoke(addresses[i], fd);
                ends[i] = end instanceof InetSocketAddress && ((InetSocketAddress) end).getPort() != 0 ? (InetSocketAddress) end : null;
            } catch (IOException | RuntimeException e) {
                ends[i] = null;
            }
        }
        return ends;
    }

    /**
     * Its ends as Netty reads them; the identity is the channel, as in the lines written at connect
     * and bind (which are told the channel), the same for every event of one channel.
     */
    @Override
    public Ends ends() {
        try {
            InetSocketAddress[] ends = addresses();
            return Ends.of(ends[0], ends[1], socket).named("Netty epoll");
        } catch (IOException | RuntimeException e) {
            return Ends.none(socket).named("Netty epoll");
        }
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
