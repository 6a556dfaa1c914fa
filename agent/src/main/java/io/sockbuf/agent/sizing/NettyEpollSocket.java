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

    @Override
    InetSocketAddress acceptedAddress() {
        return null; // accepted epoll channels are made in Netty's native code: no hook sees them
    }

    @Override
    boolean hasConnectHook() {
        return false;
    }

    /** Its ends are not looked up: a name only, and no identity (the JDK's impls and channels have one). */
    @Override
    public Ends ends() {
        return Ends.named("Netty epoll");
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
