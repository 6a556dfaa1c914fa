package io.sockbuf.agent.control;

import io.sockbuf.agent.config.Key;

/**
 * What the MBean may ask of the running agent: its current state, a setting changed at run time,
 * and how registering the MBean went. Implemented by the agent itself; this interface keeps the
 * JMX code from depending on it.
 */
public interface AgentControl {

    /** The state now; null before the first load. */
    AgentState state();

    /**
     * Sets one key for sockets opened from now on, as a later load would, e.g. recv to 64k from
     * {@code JMX ReceiveBuffer}. The value was checked by the caller.
     *
     * @param cause the start of the log line: what happened ({@code JMX write ReceiveBuffer=64k})
     */
    void set(Key key, String value, String describedAs, String cause);

    /** A setting that was refused before it reached {@link #set} (a bad JMX write): for "last error". */
    void refused(String problem);

    /** The outcome of registering ("MBean ... registered", "off") or of a failure (then also {@code problem}). */
    void jmx(String outcome, String problem);
}
