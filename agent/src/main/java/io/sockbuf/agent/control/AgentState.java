package io.sockbuf.agent.control;

import io.sockbuf.agent.config.AgentArgumentSource;
import io.sockbuf.agent.config.RuntimeOverrides;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.log.SocketEvents;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Everything the agent in this JVM is and has done, as of one moment: the settings in effect with
 * where each came from, what they were read from, the hooks, the loads, JMX, the log. Immutable: a
 * load or a JMX write makes a new one ({@link #change()}) and publishes it whole, so a reader
 * ({@code status}, the MBean) always sees one consistent state.
 */
public final class AgentState {

    public final Instrumentation instrumentation;
    /** {@code -javaagent (premain)} or {@code attach (agentmain)}. */
    public final String startedBy;
    /** The first load's agent arguments. */
    public final AgentArgumentSource firstLoad;
    /** What later loads and JMX writes set, ahead of every other source. */
    public final RuntimeOverrides overrides;
    public final Settings settings;
    /** Where mode came from at the first start: the mode cannot change later (one mode for the JVM's life). */
    public final String firstModeOrigin;
    /** Created with the first sizes (null until then); its level and counters stay for the life of the JVM. */
    public final SocketEvents log;
    /** The log file actually written (null: stderr) and its format, fixed at the first start. */
    public final String logFile;
    public final boolean logAsJson;
    public final boolean hooksInstalled;
    /** Agent loads that changed settings (status loads are not counted), and settings changes after the first start. */
    public final int loads;
    public final int updates;
    /** Whether the MBean is wanted (registered, or being registered in the background). */
    public final boolean jmxOn;
    /** "off", "MBean sockbuf:type=Agent registered", or why registration failed. */
    public final String jmx;
    /** The last setting that was not accepted (bad value, refused JMX write); null when none. */
    public final String lastSettingsProblem;
    /** The warnings already in the log: each is written once per JVM. */
    public final Set<String> warned;

    private AgentState(Change change) {
        this.instrumentation = change.instrumentation;
        this.startedBy = change.startedBy;
        this.firstLoad = change.firstLoad;
        this.overrides = change.overrides;
        this.settings = change.settings;
        this.firstModeOrigin = change.firstModeOrigin;
        this.log = change.log;
        this.logFile = change.logFile;
        this.logAsJson = change.logAsJson;
        this.hooksInstalled = change.hooksInstalled;
        this.loads = change.loads;
        this.updates = change.updates;
        this.jmxOn = change.jmxOn;
        this.jmx = change.jmx;
        this.lastSettingsProblem = change.lastSettingsProblem;
        this.warned = Collections.unmodifiableSet(new HashSet<>(change.warned));
    }

    /** The first state of this JVM's agent. */
    public static Change first(Instrumentation instrumentation, String startedBy, AgentArgumentSource firstLoad) {
        Change change = new Change();
        change.instrumentation = instrumentation;
        change.startedBy = startedBy;
        change.firstLoad = firstLoad;
        change.overrides = RuntimeOverrides.NONE;
        change.jmx = "off";
        return change;
    }

    /** A copy to change; {@link Change#done()} makes the next state. */
    public Change change() {
        Change change = new Change();
        change.instrumentation = instrumentation;
        change.startedBy = startedBy;
        change.firstLoad = firstLoad;
        change.overrides = overrides;
        change.settings = settings;
        change.firstModeOrigin = firstModeOrigin;
        change.log = log;
        change.logFile = logFile;
        change.logAsJson = logAsJson;
        change.hooksInstalled = hooksInstalled;
        change.loads = loads;
        change.updates = updates;
        change.jmxOn = jmxOn;
        change.jmx = jmx;
        change.lastSettingsProblem = lastSettingsProblem;
        change.warned.addAll(warned);
        return change;
    }

    /** The next state being made; used by one thread, under the agent's lock. */
    public static final class Change {
        public Instrumentation instrumentation;
        public String startedBy;
        public AgentArgumentSource firstLoad;
        public RuntimeOverrides overrides;
        public Settings settings;
        public String firstModeOrigin;
        public SocketEvents log;
        public String logFile;
        public boolean logAsJson;
        public boolean hooksInstalled;
        public int loads;
        public int updates;
        public boolean jmxOn;
        public String jmx;
        public String lastSettingsProblem;
        public final Set<String> warned = new HashSet<>();

        private Change() {
        }

        public AgentState done() {
            return new AgentState(this);
        }
    }
}
