package io.sockbuf.agent.config;

/** What the agent does with buffer sizes ({@code sockbuf.mode}); see the README's Modes section. */
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
}
