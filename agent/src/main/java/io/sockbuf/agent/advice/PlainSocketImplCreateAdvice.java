package io.sockbuf.agent.advice;

import io.sockbuf.agent.bridge.SocketSizer;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code java.net.AbstractPlainSocketImpl.create(boolean)}: the default socket impl of
 * JDK 11, and of JDK 13-17 with {@code -Djdk.net.usePlainSocketImpl=true}. The field telling a
 * listener from a client differs between those JDKs, hence one advice per field.
 */
public final class PlainSocketImplCreateAdvice {

    private PlainSocketImplCreateAdvice() {
    }

    /** JDK 11: {@code SocketImpl.serverSocket} is set for a listener's impl. */
    public static final class WithServerSocketField {
        private WithServerSocketField() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object impl, @Advice.FieldValue("serverSocket") Object serverSocket) {
            SocketSizer.socketImplCreated(impl, serverSocket != null);
        }
    }

    /** JDK 13-17: {@code AbstractPlainSocketImpl.isServer}. */
    public static final class WithIsServerField {
        private WithIsServerField() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object impl, @Advice.FieldValue("isServer") boolean listener) {
            SocketSizer.socketImplCreated(impl, listener);
        }
    }
}
