package io.sockbuf.agent.config;

/** How much the agent writes per socket; see the README's log section. */
public enum LogLevel {
    /** Startup problems and the first socket of each kind whose size differs from the request. */
    WARN,
    /** Startup, the first sockets of each kind, every new kind of outcome, then counts and an exit summary. */
    INFO,
    /** One line for every socket. */
    DEBUG;

    static final String ACCEPTED = "warn, info or debug";

    static LogLevel parse(String text) {
        String value = text.trim();
        for (LogLevel level : values()) {
            if (level.name().equalsIgnoreCase(value)) {
                return level;
            }
        }
        throw new IllegalArgumentException("it is not a log level");
    }
}
