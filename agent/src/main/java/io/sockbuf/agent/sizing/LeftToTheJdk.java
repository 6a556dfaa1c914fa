package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;

import java.io.IOException;

/**
 * When the override and auto modes must hand the application's SO_RCVBUF / SO_SNDBUF set to the
 * JDK exactly as it came, so the JDK's contract holds: a value the JDK refuses ({@code -1},
 * {@code null}, not an Integer, 0 where that socket refuses it) still gets its exception, a closed channel
 * its {@code ClosedChannelException}, a listener's SO_SNDBUF its {@code UnsupportedOperationException}
 * (every JDK listener refuses that option; the agent sets it below setOption, see ListenerSend); and
 * sockets that are not TCP keep what the application set (UDP has no autotuning, a Unix-domain
 * channel has no TCP window).
 */
final class LeftToTheJdk {

    private LeftToTheJdk() {
    }

    static boolean appliesTo(SocketHandle socket, Direction direction, Object value) throws IOException {
        if (!(value instanceof Integer) || (Integer) value < 0 || (Integer) value == 0 && !socket.acceptsZero()) {
            return true; // the JDK decides what to say about it
        }
        if (!socket.isOpen()) {
            return true;
        }
        SocketRole role = socket.role();
        return role == null || role == SocketRole.UDP || role == SocketRole.LISTENER && direction == Direction.SEND;
    }
}
