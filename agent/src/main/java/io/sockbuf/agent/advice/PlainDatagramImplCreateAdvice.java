package io.sockbuf.agent.advice;

import io.sockbuf.agent.bridge.SocketSizer;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code java.net.AbstractPlainDatagramSocketImpl.create()}: DatagramSocket and
 * MulticastSocket on JDK 11, and on JDK 15-17 with {@code -Djdk.net.usePlainDatagramSocketImpl=true}.
 */
public final class PlainDatagramImplCreateAdvice {

    private PlainDatagramImplCreateAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object impl) {
        SocketSizer.datagramImplCreated(impl);
    }
}
