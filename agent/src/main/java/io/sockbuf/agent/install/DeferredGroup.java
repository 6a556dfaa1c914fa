package io.sockbuf.agent.install;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * JDK socket classes premain leaves unloaded, and the trigger that runs ahead of every instance of
 * them: a provider's constructor, or the static factory the JDK makes them in. Premain weaves the
 * trigger's small class instead; the classes are loaded and woven when the bridge first reports
 * the trigger ({@link #trigger}, a name the bridge passes).
 */
final class DeferredGroup {
    final String trigger;
    /** The class the trigger is woven into: a JDK that lacks it, or its hooked method, gets the group in premain. */
    final String triggerClass;
    /** What premain weaves into that class; empty when another group's hooks report this trigger too. */
    final List<Hook> triggerHooks;
    final List<String> classNames;

    DeferredGroup(String trigger, String triggerClass, List<Hook> triggerHooks, String... classNames) {
        this.trigger = trigger;
        this.triggerClass = triggerClass;
        this.triggerHooks = triggerHooks;
        this.classNames = Collections.unmodifiableList(Arrays.asList(classNames));
    }

    /** A group whose one trigger hook calls the bridge method named like the trigger. */
    static DeferredGroup behind(Hook trigger, String... classNames) {
        return new DeferredGroup(trigger.call.method, trigger.className, Arrays.asList(trigger), classNames);
    }
}
