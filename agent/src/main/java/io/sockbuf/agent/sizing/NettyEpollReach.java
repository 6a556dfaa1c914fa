package io.sockbuf.agent.sizing;

import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.Log;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the agent cannot do for Netty's native epoll sockets, said once, when the first one is
 * made and the mode asks for it: Netty sets its ChannelOption sizes in its own JNI code, which
 * the setOption hooks of the modes other than {@code apply} never see. (Rules that need an address
 * or port reach them: connect and bind are hooked.)
 */
public final class NettyEpollReach {

    private static final AtomicBoolean SAID = new AtomicBoolean();

    private NettyEpollReach() {
    }

    public static void sayOnceWhatIsNotReached(SizingPolicy policy) {
        if (policy == null || SAID.get()) {
            return;
        }
        Settings settings = policy.settings;
        if (!settings.mode().promisesAboutApplicationSets() || !SAID.compareAndSet(false, true)) {
            return;
        }
        Log.warn("Netty's native epoll transport is in use: mode " + settings.mode().label() + " does not reach its sockets"
                + " (Netty sets ChannelOption.SO_RCVBUF/SO_SNDBUF in its own JNI code, which the agent does not see:"
                + " there the application's sizes win, as in apply). Netty's NIO transport is reached in full.");
    }
}
