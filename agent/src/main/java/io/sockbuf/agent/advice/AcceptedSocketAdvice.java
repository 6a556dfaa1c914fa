package io.sockbuf.agent.advice;

import io.sockbuf.agent.bridge.SocketSizer;
import net.bytebuddy.asm.Advice;

import java.net.Socket;

/**
 * Exit of {@code java.net.ServerSocket.implAccept(Socket)}, which every accept of a ServerSocket
 * (plain and SSL) goes through. The accepted socket inherited SO_RCVBUF from the listener; Java
 * cannot put SO_SNDBUF on a listener, so it is set here.
 */
public final class AcceptedSocketAdvice {

    private AcceptedSocketAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Socket accepted) {
        SocketSizer.socketAccepted(accepted);
    }
}
