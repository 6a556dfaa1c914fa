package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Mode;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.SocketLog;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the agent cannot do for Netty's native epoll sockets, said once, when the first one is
 * made and the settings ask for it: Netty sets its ChannelOption sizes in its own JNI code, which
 * the setOption hooks of the modes other than {@code apply} never see, and those sockets have no
 * connect or bind hook, where rules that need an address or port are applied to clients and listeners.
 */
final class NettyEpollReach {

    private static final AtomicBoolean SAID = new AtomicBoolean();

    private NettyEpollReach() {
    }

    static void sayOnceWhatIsNotReached(Settings settings) {
        if (settings == null || SAID.get()) {
            return;
        }
        boolean mode = settings.mode() != Mode.APPLY;
        boolean rules = settings.rules().needsAnyAddress();
        if (!mode && !rules || !SAID.compareAndSet(false, true)) {
            return;
        }
        SocketLog.warn("Netty's native epoll transport is in use: its sockets get the sizes set at creation"
                + (mode ? "; mode " + settings.mode().label() + " does not reach them (Netty sets ChannelOption.SO_RCVBUF/SO_SNDBUF"
                        + " in its own JNI code, which the agent does not see: there the application's sizes win, as in apply)" : "")
                + (rules ? "; rules for clients and listeners that need an address or port (host=, port=) are not applied to them"
                        + " (no connect or bind hook there; accepted sockets are matched)" : "")
                + ". Netty's NIO transport is reached in full.");
    }
}
