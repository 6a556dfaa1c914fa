package io.sockbuf.agent.advice;

import io.sockbuf.agent.bridge.SocketSizer;
import net.bytebuddy.asm.Advice;

/**
 * Exit of the constructors of the NIO channel implementations (socket, server socket, datagram
 * and asynchronous channels). Whether a channel comes from {@code SocketChannel.open()}, from a
 * library calling {@code SelectorProvider.openSocketChannel()} (Netty), from accept, or (JDK 15+)
 * from behind a DatagramSocket, it is built by one of these constructors.
 */
public final class ChannelCreatedAdvice {

    private ChannelCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object channel) {
        SocketSizer.channelCreated(channel);
    }
}
