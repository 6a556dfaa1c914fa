package io.sockbuf.agent.jmx;

import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.Startup;
import io.sockbuf.agent.cli.RunningAgent;
import io.sockbuf.agent.config.ByteSize;
import io.sockbuf.agent.config.Settings;

import java.util.Map;

/** The MBean behind {@code sockbuf:type=Agent}: reads {@link RunningAgent}, writes through {@link Startup#update}. */
final class AgentBean implements SockbufMXBean {

    @Override
    public String getReceiveBuffer() {
        Settings settings = RunningAgent.settings();
        return settings == null ? ByteSize.UNSET_WORD : asWritten(settings, "recv", settings.receiveBuffer());
    }

    @Override
    public void setReceiveBuffer(String size) {
        set("ReceiveBuffer", "recv", size);
    }

    @Override
    public String getSendBuffer() {
        Settings settings = RunningAgent.settings();
        return settings == null ? ByteSize.UNSET_WORD : asWritten(settings, "send", settings.sendBuffer());
    }

    @Override
    public void setSendBuffer(String size) {
        set("SendBuffer", "send", size);
    }

    @Override
    public int getReceiveBufferBytes() {
        Settings settings = RunningAgent.settings();
        return settings == null ? Settings.UNSET : settings.receiveBuffer();
    }

    @Override
    public int getSendBufferBytes() {
        Settings settings = RunningAgent.settings();
        return settings == null ? Settings.UNSET : settings.sendBuffer();
    }

    @Override
    public String getReceiveBufferSource() {
        return orDefault(RunningAgent.receiveOrigin());
    }

    @Override
    public String getSendBufferSource() {
        return orDefault(RunningAgent.sendOrigin());
    }

    @Override
    public String getRules() {
        Settings settings = RunningAgent.settings();
        return settings == null || settings.rules().isEmpty() ? "none" : settings.rules().toString();
    }

    @Override
    public String getRulesSource() {
        return RunningAgent.origin("rules");
    }

    @Override
    public String getMode() {
        Settings settings = RunningAgent.settings();
        return settings == null ? "apply" : settings.mode().label();
    }

    @Override
    public String getModeSource() {
        return RunningAgent.origin("mode");
    }

    @Override
    public String getLogLevel() {
        return RunningAgent.logLevel();
    }

    @Override
    public String getLogLevelSource() {
        return RunningAgent.origin("log");
    }

    @Override
    public boolean isHooksInstalled() {
        return RunningAgent.hooksInstalled();
    }

    @Override
    public int getSettingsUpdates() {
        return RunningAgent.updates();
    }

    @Override
    public Map<String, Long> getSocketCounts() {
        return RunningAgent.socketCounts();
    }

    @Override
    public Map<String, Long> getOutcomeCounts() {
        return RunningAgent.outcomeCounts();
    }

    @Override
    public String getLastError() {
        return orNone(RunningAgent.lastError());
    }

    @Override
    public String getStatus() {
        return RunningAgent.status();
    }

    /** Validates like every other source, then applies to new sockets; a bad value changes nothing. */
    private static void set(String attribute, String key, String size) {
        String value = size == null ? null : size.trim();
        try {
            ByteSize.parseOrUnset(value);
        } catch (IllegalArgumentException e) {
            String problem = "JMX " + attribute + "=\"" + size + "\" is not accepted: " + e.getMessage()
                    + ". Expected " + ByteSize.ACCEPTED + ", or " + ByteSize.UNSET_WORD + " to leave new sockets alone. The sizes stay as they were.";
            Log.warn(problem);
            RunningAgent.settingsProblem(problem);
            throw new IllegalArgumentException(problem);
        }
        String origin = "JMX " + attribute + "=" + value;
        Startup.update(key + "=" + value, origin, "JMX write " + attribute + "=" + value);
    }

    /**
     * The size as it was written ({@code 16k} reads back {@code 16k}, {@code 16384} reads back
     * {@code 16384}); the bytes are in ReceiveBufferBytes/SendBufferBytes.
     */
    private static String asWritten(Settings settings, String key, int bytes) {
        if (bytes == Settings.UNSET) {
            return ByteSize.UNSET_WORD;
        }
        String written = settings.written(key);
        return written != null ? written : RunningAgent.size(bytes);
    }

    private static String orDefault(String text) {
        return text == null ? "default" : text;
    }

    private static String orNone(String text) {
        return text == null ? "none" : text;
    }
}
