package io.sockbuf.agent.control.jmx;

import java.util.Map;

/**
 * The MBean {@code sockbuf:type=Agent}, registered with {@code sockbuf.jmx=true}. An MXBean: only
 * open types (strings, numbers, maps shown as tables), so jconsole, VisualVM and any JMX client
 * read it without sockbuf's classes.
 */
public interface SockbufMXBean {

    /** SO_RCVBUF requested for new sockets, as a user writes it ({@code 24576}, {@code 64k}, {@code 4m}), or {@code unset}. */
    String getReceiveBuffer();

    /**
     * Changes SO_RCVBUF for sockets opened from now on (open sockets keep theirs and their TCP window
     * scale). Accepts what {@code sockbuf.recv} accepts.
     *
     * @throws IllegalArgumentException when the text is not a size; nothing changes then
     */
    void setReceiveBuffer(String size);

    /** SO_SNDBUF requested for new sockets, or {@code unset}. */
    String getSendBuffer();

    /** Like {@link #setReceiveBuffer} for SO_SNDBUF. */
    void setSendBuffer(String size);

    /** {@link #getReceiveBuffer} in bytes; 0 when unset. */
    int getReceiveBufferBytes();

    /** {@link #getSendBuffer} in bytes; 0 when unset. */
    int getSendBufferBytes();

    /** Where the receive size came from, e.g. {@code -Dsockbuf.recv=64k}, {@code agent argument recv=64k}, {@code JMX ReceiveBuffer=64k}. */
    String getReceiveBufferSource();

    String getSendBufferSource();

    /** {@code sockbuf.rules} in effect, or {@code none}. */
    String getRules();

    String getRulesSource();

    /** apply, override, observe or auto. */
    String getMode();

    String getModeSource();

    /** warn, info or debug (fixed at the first start). */
    String getLogLevel();

    String getLogLevelSource();

    /** Whether the socket hooks are installed (once, with the first size). */
    boolean isHooksInstalled();

    /** How often the settings changed after the first start (attach, JMX writes). */
    int getSettingsUpdates();

    /** Sockets seen per kind: {@code tcp client}, {@code tcp listener}, {@code tcp accepted}, {@code udp}. */
    Map<String, Long> getSocketCounts();

    /**
     * Sockets per kind and outcome, keys like {@code tcp client: as requested}; outcomes are
     * {@code untouched}, {@code as requested}, {@code application} (the application set a size
     * itself), {@code raised}, {@code different}, {@code capped}, {@code failed} (the worse of a
     * socket's two directions). Each socket once, by its final outcome (docs/who-set-it.md).
     */
    Map<String, Long> getOutcomeCounts();

    /** The last failed socket or internal error, else the last setting that was not accepted; {@code none}. */
    String getLastError();

    /** The report {@code java -jar sockbuf-agent.jar status PID} prints. */
    String getStatus();
}
