package io.sockbuf.agent.bridge;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sizes the application has set, per direction, as read back: a handful of numbers, not
 * sockets. A direction the agent leaves alone can grow by itself once connected (Linux expands an
 * accepted socket's send buffer at the handshake), so "not the default" alone does not show that
 * the application set it; being one of these sizes does.
 */
final class ApplicationSizes {

    private static final int MAX_SIZES = 64;
    private static final Set<Integer> RECEIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> SEND = ConcurrentHashMap.newKeySet();

    private ApplicationSizes() {
    }

    static void seen(boolean receive, int effective) {
        Set<Integer> sizes = receive ? RECEIVE : SEND;
        if (effective != BufferResult.UNKNOWN && sizes.size() < MAX_SIZES) {
            sizes.add(effective);
        }
    }

    /** Whether some socket got {@code current} from an application set in that direction (while the table had room: then yes). */
    static boolean set(boolean receive, int current) {
        Set<Integer> sizes = receive ? RECEIVE : SEND;
        return sizes.size() >= MAX_SIZES || sizes.contains(current);
    }
}
