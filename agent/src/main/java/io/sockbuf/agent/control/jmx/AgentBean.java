package io.sockbuf.agent.control.jmx;

import io.sockbuf.agent.config.ByteSize;
import io.sockbuf.agent.config.Key;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.control.AgentControl;
import io.sockbuf.agent.control.AgentState;
import io.sockbuf.agent.control.StatusReport;
import io.sockbuf.agent.log.LogSink;

import java.util.Map;

/** The MBean behind {@code sockbuf:type=Agent}: each read takes one {@link AgentState}; writes go through {@link AgentControl#set}. */
final class AgentBean implements SockbufMXBean {

    private final AgentControl agent;

    AgentBean(AgentControl agent) {
        this.agent = agent;
    }

    /** Null before the first load. */
    private Settings settings() {
        AgentState state = agent.state();
        return state == null ? null : state.settings;
    }

    @Override
    public String getReceiveBuffer() {
        Settings settings = settings();
        return settings == null ? ByteSize.UNSET_WORD : asWritten(settings, Key.RECV, settings.receiveBuffer());
    }

    @Override
    public void setReceiveBuffer(String size) {
        set("ReceiveBuffer", Key.RECV, size);
    }

    @Override
    public String getSendBuffer() {
        Settings settings = settings();
        return settings == null ? ByteSize.UNSET_WORD : asWritten(settings, Key.SEND, settings.sendBuffer());
    }

    @Override
    public void setSendBuffer(String size) {
        set("SendBuffer", Key.SEND, size);
    }

    @Override
    public int getReceiveBufferBytes() {
        Settings settings = settings();
        return settings == null ? Settings.UNSET : settings.receiveBuffer();
    }

    @Override
    public int getSendBufferBytes() {
        Settings settings = settings();
        return settings == null ? Settings.UNSET : settings.sendBuffer();
    }

    @Override
    public String getReceiveBufferSource() {
        Settings settings = settings();
        return settings == null || settings.receiveOrigin() == null ? "default" : settings.receiveOrigin();
    }

    @Override
    public String getSendBufferSource() {
        Settings settings = settings();
        return settings == null || settings.sendOrigin() == null ? "default" : settings.sendOrigin();
    }

    @Override
    public String getRules() {
        Settings settings = settings();
        return settings == null || settings.rules().isEmpty() ? "none" : settings.rules().toString();
    }

    @Override
    public String getRulesSource() {
        return origin(Key.RULES);
    }

    @Override
    public String getMode() {
        Settings settings = settings();
        return settings == null ? "apply" : settings.mode().label();
    }

    @Override
    public String getModeSource() {
        return origin(Key.MODE);
    }

    @Override
    public String getLogLevel() {
        return StatusReport.logLevel(agent.state());
    }

    @Override
    public String getLogLevelSource() {
        return origin(Key.LOG);
    }

    @Override
    public boolean isHooksInstalled() {
        AgentState state = agent.state();
        return state != null && state.hooksInstalled;
    }

    @Override
    public int getSettingsUpdates() {
        AgentState state = agent.state();
        return state == null ? 0 : state.updates;
    }

    @Override
    public Map<String, Long> getSocketCounts() {
        return StatusReport.socketCounts(agent.state());
    }

    @Override
    public Map<String, Long> getOutcomeCounts() {
        return StatusReport.outcomeCounts(agent.state());
    }

    @Override
    public String getLastError() {
        String error = StatusReport.lastError(agent.state());
        return error == null ? "none" : error;
    }

    @Override
    public String getStatus() {
        return StatusReport.of(agent.state());
    }

    private String origin(Key key) {
        Settings settings = settings();
        return settings == null ? "default" : settings.origin(key);
    }

    /** Validates like every other source, then applies to new sockets; a bad value changes nothing. */
    private void set(String attribute, Key key, String size) {
        String value = size == null ? null : size.trim();
        try {
            key.parse(value, "JMX " + attribute, null);
        } catch (IllegalArgumentException e) {
            String problem = "JMX " + attribute + "=\"" + size + "\" is not accepted: " + e.getMessage()
                    + ", or " + ByteSize.UNSET_WORD + " to leave new sockets alone. The sizes stay as they were.";
            LogSink.warn(problem);
            agent.refused(problem);
            throw new IllegalArgumentException(problem);
        }
        agent.set(key, value, "JMX " + attribute, "JMX write " + attribute + "=" + value);
    }

    /**
     * The size as it was written ({@code 16k} reads back {@code 16k}, {@code 16384} reads back
     * {@code 16384}); the bytes are in ReceiveBufferBytes/SendBufferBytes.
     */
    private static String asWritten(Settings settings, Key key, int bytes) {
        if (bytes == Settings.UNSET) {
            return ByteSize.UNSET_WORD;
        }
        String written = settings.written(key.key());
        return written != null ? written : StatusReport.size(bytes);
    }
}
