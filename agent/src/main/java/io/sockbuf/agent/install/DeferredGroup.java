package io.sockbuf.agent.install;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * JDK socket classes premain leaves unloaded, and the trigger that runs ahead of every instance of
 * them: a provider's constructor, or the static factory the JDK makes them in. Premain weaves the
 * trigger's small class instead; the classes are loaded and woven when the trigger first runs.
 */
final class DeferredGroup {
    final Hook trigger;
    final List<String> classNames;

    DeferredGroup(Hook trigger, String... classNames) {
        this.trigger = trigger;
        this.classNames = Collections.unmodifiableList(Arrays.asList(classNames));
    }
}
