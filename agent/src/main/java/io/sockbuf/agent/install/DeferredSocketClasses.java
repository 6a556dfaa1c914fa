package io.sockbuf.agent.install;

import io.sockbuf.agent.bridge.SocketClassesListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups of JDK socket classes still to load, by trigger. The first trigger of a group loads
 * and weaves its classes in the triggering thread; a second thread that triggers it meanwhile
 * waits for that (the JDK would otherwise load them unwoven right after). Later calls find nothing.
 */
final class DeferredSocketClasses implements SocketClassesListener {
    private final SocketClassLoading loading;
    private final Map<String, DeferredGroup> pending = new ConcurrentHashMap<>();

    DeferredSocketClasses(SocketClassLoading loading, List<DeferredGroup> groups) {
        this.loading = loading;
        for (DeferredGroup group : groups) {
            pending.put(group.trigger, group);
        }
    }

    @Override
    public void needed(String trigger) {
        DeferredGroup group = pending.get(trigger);
        if (group != null) {
            load(group);
        }
    }

    /** Loads the group now unless that was done (premain: its trigger is missing in this JDK). */
    void load(DeferredGroup group) {
        synchronized (loading) {
            if (pending.get(group.trigger) != group) {
                return;
            }
            loading.load(group.classNames);
            pending.remove(group.trigger); // not when the load threw (ran out of stack): the next trigger loads again
        }
    }
}
