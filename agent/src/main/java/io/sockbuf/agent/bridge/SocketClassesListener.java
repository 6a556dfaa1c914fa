package io.sockbuf.agent.bridge;

/**
 * Told by the bridge, in the application's thread, that the JDK is about to need socket classes
 * that premain left unloaded (see install.Hooks.deferredSocketClasses); they must be woven before
 * the call returns.
 */
public interface SocketClassesListener {

    /** @param trigger the bridge method the trigger called, which names the classes it stands for */
    void needed(String trigger);
}
