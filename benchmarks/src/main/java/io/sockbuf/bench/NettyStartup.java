package io.sockbuf.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A real server's start, launch to listening: Netty 4.1 (NIO transport), a boss and two worker
 * event loops, a line-based pipeline, bound to a loopback port. Prints {@code listening PORT} once
 * the bind has completed, then halts the JVM at once (no graceful shutdown, whose quiet period
 * would dwarf the start), so the process's wall and CPU time is the start plus a fixed exit.
 * benchmarks/run.sh runs it without an agent, with the empty agent and with sockbuf, interleaved.
 */
public final class NettyStartup {

    private NettyStartup() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(2);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(1024), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext context, Object message) {
                                context.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
                            }
                        });
                    }
                });
        Channel channel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        System.out.println("listening " + ((InetSocketAddress) channel.localAddress()).getPort());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
