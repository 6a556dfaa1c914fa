package io.sockbuf.agent.advice;

import io.sockbuf.agent.bridge.SocketSizer;
import net.bytebuddy.asm.Advice;

/** JDK 13+: exit of {@code sun.nio.ch.NioSocketImpl.create(boolean)}, behind every Socket and ServerSocket. */
public final class NioSocketImplCreateAdvice {

    private NioSocketImplCreateAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object impl, @Advice.FieldValue("server") boolean listener) {
        SocketSizer.socketImplCreated(impl, listener);
    }
}
