package io.sockbuf.agent.sizing;

import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.SocketRole;

/**
 * Whether the application set a direction itself between the socket's creation and its
 * connect/bind, found without keeping anything per socket: the socket's size now is read back
 * and compared with what the agent's request at creation gets from Linux (or, when the agent
 * asked for nothing then, with a new socket's default). Anything else was set by the application,
 * and in apply mode the application wins over a rule applied at connect/bind. An application that
 * set exactly that value cannot be told apart; the rule then applies.
 */
final class ApplicationSetEarlier {

    private ApplicationSetEarlier() {
    }

    /**
     * @param requestedAtCreation what the agent set at creation, or {@link BufferResult#UNSET}
     * @param current the size now, as getsockopt reports it through the JDK
     */
    static boolean detected(KernelLimits kernel, SocketRole role, Direction direction, int requestedAtCreation, int current) {
        if (current == BufferResult.UNKNOWN) {
            return false;
        }
        if (requestedAtCreation != BufferResult.UNSET) {
            return !kernel.grants(requestedAtCreation, current, direction);
        }
        int fresh = KernelLimits.fresh(role, direction);
        return fresh != BufferResult.UNKNOWN && current != fresh;
    }
}
