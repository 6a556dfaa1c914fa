package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.Settings;

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
     * @param requestedAtCreation what the agent set at creation, or {@link Settings#UNSET}
     * @param current the size now, as getsockopt reports it through the JDK
     */
    static boolean detected(SocketKind kind, boolean receive, int requestedAtCreation, int current) {
        if (current == BufferResult.UNKNOWN) {
            return false;
        }
        if (requestedAtCreation != Settings.UNSET) {
            return !KernelDefaults.grants(requestedAtCreation, current, receive);
        }
        int fresh = KernelDefaults.fresh(kind, receive);
        return fresh != KernelDefaults.UNKNOWN && current != fresh;
    }
}
