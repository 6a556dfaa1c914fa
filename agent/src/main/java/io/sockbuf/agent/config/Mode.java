package io.sockbuf.agent.config;

import io.sockbuf.agent.model.Direction;

/**
 * What the agent does with buffer sizes ({@code sockbuf.mode}); see the README's Modes section.
 * Each mode carries its behaviour: the socket path asks it, it does not test for modes.
 */
public enum Mode {
    /** Set the configured sizes before connect/listen; the application may set its own later, and wins. */
    APPLY,
    /** Set the configured sizes and replace the application's own SO_RCVBUF/SO_SNDBUF calls with them. */
    OVERRIDE,
    /** Change nothing; log what sockets get and what the application sets, and flag sets after connect. */
    OBSERVE,
    /** Drop the application's explicit SO_RCVBUF so Linux keeps autotuning the receive buffer. */
    AUTO;

    static final String ACCEPTED = "apply, override, observe or auto";

    static java.util.List<String> labels() {
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (Mode mode : values()) {
            labels.add(mode.label());
        }
        return labels;
    }

    static Mode parse(String text) {
        for (Mode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("it is not a mode");
    }

    public String label() {
        return name().toLowerCase();
    }

    /** What becomes of the application's own SO_RCVBUF / SO_SNDBUF set in a mode. */
    public enum ApplicationSet {
        /** It goes through as it is (apply, observe; auto for send). */
        PASSES,
        /** The agent's configured size is set instead, where one is configured (override). */
        REPLACED,
        /** Nothing is set, so Linux keeps autotuning (auto, receive only). */
        DROPPED
    }

    /** Whether the agent sets this direction itself, at creation or for a rule at connect/bind. */
    public boolean agentSets(Direction direction) {
        return this == APPLY || this == OVERRIDE || this == AUTO && direction == Direction.SEND;
    }

    /** What the application's own set of this direction comes to. */
    public ApplicationSet onApplicationSet(Direction direction) {
        if (this == OVERRIDE) {
            return ApplicationSet.REPLACED;
        }
        return this == AUTO && direction == Direction.RECEIVE ? ApplicationSet.DROPPED : ApplicationSet.PASSES;
    }

    /** Whether a size the application set before connect/bind stands against a rule that applies there. */
    public boolean applicationWinsOverRules() {
        return this == APPLY || this == AUTO;
    }

    /**
     * Whether the mode promises something about the application's own sets beyond letting them
     * through (override replaces, auto drops, observe reports them); apply lets them win.
     */
    public boolean promisesAboutApplicationSets() {
        return this != APPLY;
    }
}
