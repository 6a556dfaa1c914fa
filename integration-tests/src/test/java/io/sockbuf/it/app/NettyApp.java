package io.sockbuf.it.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannelConfig;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Netty 4.1 echo server and a client connected to it, in one JVM, knowing nothing of the agent.
 * Scenarios: {@code nio}, {@code nio-app-sized} (the application sets {@code ChannelOption.SO_RCVBUF}
 * to 32768 on the listener, the accepted channels and the client) and {@code epoll} (the native
 * transport: sockets made in JNI, not by the JDK; exits with status 2 when epoll is unavailable).
 */
public final class NettyApp {

    public static final int APP_RECEIVE_BUFFER = 32768;

    public static void main(String[] args) throws Exception {
        AppProtocol.startWatchdog();
        String scenario = args[0];
        boolean epoll = scenario.startsWith("epoll");
        boolean appSized = scenario.endsWith("app-sized");
        if (epoll) {
            if (!Epoll.isAvailable()) {
                System.err.println("Epoll.isAvailable() is false, the native epoll transport cannot run here: " + Epoll.unavailabilityCause());
                Epoll.unavailabilityCause().printStackTrace();
                System.exit(2);
            }
            AppProtocol.info("epoll-available", Epoll.isAvailable());
        }
        EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        EventLoopGroup workers = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;

        CompletableFuture<Channel> acceptedChannel = new CompletableFuture<>();
        ServerBootstrap server = new ServerBootstrap().group(boss, workers).channel(serverType)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext context, Object message) {
                                context.writeAndFlush(message); // echo
                            }
                        });
                        acceptedChannel.complete(channel);
                    }
                });
        CompletableFuture<String> reply = new CompletableFuture<>();
        Bootstrap client = new Bootstrap().group(workers).channel(clientType)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext context, Object message) {
                        ByteBuf bytes = (ByteBuf) message;
                        reply.complete(bytes.toString(StandardCharsets.UTF_8));
                        bytes.release();
                    }
                });
        if (appSized) {
            server.option(ChannelOption.SO_RCVBUF, APP_RECEIVE_BUFFER).childOption(ChannelOption.SO_RCVBUF, APP_RECEIVE_BUFFER);
            client.option(ChannelOption.SO_RCVBUF, APP_RECEIVE_BUFFER);
        }

        // "epoll@<port>": the listener on a port the test chose (for port= rules), else any free one.
        int port = scenario.contains("@") ? Integer.parseInt(scenario.substring(scenario.indexOf('@') + 1)) : 0;
        Channel listener = server.bind("127.0.0.1", port).sync().channel();
        Channel connection = client.connect(listener.localAddress()).sync().channel();
        Channel accepted = acceptedChannel.get(20, TimeUnit.SECONDS);
        connection.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8));
        AppProtocol.info("echo", reply.get(20, TimeUnit.SECONDS));
        AppProtocol.info("channel-types", listener.getClass().getSimpleName() + "," + connection.getClass().getSimpleName()
                + "," + accepted.getClass().getSimpleName());

        // What Netty itself reports (ChannelConfig reads the option back with getsockopt).
        AppProtocol.reportApi("listener", ((ServerSocketChannelConfig) listener.config()).getReceiveBufferSize(), -1);
        SocketChannelConfig clientConfig = (SocketChannelConfig) connection.config();
        AppProtocol.reportApi("client", clientConfig.getReceiveBufferSize(), clientConfig.getSendBufferSize());
        SocketChannelConfig acceptedConfig = (SocketChannelConfig) accepted.config();
        AppProtocol.reportApi("accepted", acceptedConfig.getReceiveBufferSize(), acceptedConfig.getSendBufferSize());

        AppProtocol.census(AppProtocol.ports(((InetSocketAddress) listener.localAddress()).getPort()));
        AppProtocol.hold(args);

        connection.close().sync();
        listener.close().sync();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
