package io.sockbuf.agent.advice;

import io.sockbuf.agent.bridge.SocketSizer;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code accept(SocketImpl)} of the socket impls ({@code NioSocketImpl}, and
 * {@code AbstractPlainSocketImpl} on JDK 11-17), which every accept of a ServerSocket (plain and
 * SSL) goes through. The accepted socket inherited SO_RCVBUF from the listener; Java cannot put
 * SO_SNDBUF on a listener, so it is set here. Hooking the impl rather than ServerSocket keeps a
 * program that uses java.net sockets to one instrumented class (one weave at startup).
 */
public final class AcceptedSocketAdvice {

    private AcceptedSocketAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object accepted) {
        SocketSizer.socketAccepted(accepted);
    }
}
