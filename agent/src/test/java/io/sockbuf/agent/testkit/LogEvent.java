package io.sockbuf.agent.testkit;

import java.util.Map;

/**
 * One line of the agent's JSON log ({@code -Dsockbuf.log.format=json}), parsed strictly. Socket
 * events carry {@code event} (socket, application-set, rule, dropped), {@code kind}, {@code role},
 * {@code socket}, {@code local}, {@code remote} and per direction {@link Sizes}; every line has
 * {@code time}, {@code level} and {@code message}.
 */
public final class LogEvent {

    private final String line;
    private final Map<String, Object> fields;

    private LogEvent(String line, Map<String, Object> fields) {
        this.line = line;
        this.fields = fields;
    }

    public static LogEvent parse(String line) {
        return new LogEvent(line, MiniJson.object(line));
    }

    /** socket, application-set, rule, dropped; null for a line without structured fields (startup, warnings, summary). */
    public String event() {
        return text("event");
    }

    public String level() {
        return text("level");
    }

    public String message() {
        return text("message");
    }

    /** tcp client, tcp listener, tcp accepted, udp. */
    public String kind() {
        return text("kind");
    }

    /** client, listener, accepted, udp. */
    public String role() {
        return text("role");
    }

    /** The socket's identity for this JVM's lifetime, to tell which events belong to one socket. */
    public String socket() {
        return text("socket");
    }

    /** ip:port (IPv6 in brackets), or null where not known. */
    public String local() {
        return text("local");
    }

    public String remote() {
        return text("remote");
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public String text(String field) {
        return (String) fields.get(field);
    }

    public int number(String field) {
        return ((Number) fields.get(field)).intValue();
    }

    public Object value(String field) {
        return fields.get(field);
    }

    public Sizes recv() {
        return direction("recv");
    }

    public Sizes send() {
        return direction("send");
    }

    /** {@code recv} or {@code send}; null when the event has no such part. */
    @SuppressWarnings("unchecked")
    public Sizes direction(String name) {
        Object part = fields.get(name);
        return part instanceof Map ? new Sizes((Map<String, Object>) part) : null;
    }

    /** The worse outcome of the two directions: the one the exit summary counts the socket under. */
    public String worseOutcome() {
        String receive = recv().outcome();
        String send = send().outcome();
        return ExitSummary.SEVERITY.indexOf(receive) >= ExitSummary.SEVERITY.indexOf(send) ? receive : send;
    }

    /** The port of {@code local}; -1 where not known. */
    public int localPort() {
        return port(local());
    }

    /** The port of {@code remote}; -1 where not known. */
    public int remotePort() {
        return port(remote());
    }

    /** The port of an "ip:port" or "[ipv6]:port" end. */
    private static int port(String end) {
        return end == null ? -1 : Integer.parseInt(end.substring(end.lastIndexOf(':') + 1));
    }

    @Override
    public String toString() {
        return line;
    }

    /** One direction of a socket event: what was asked, what the socket has, and why. */
    public static final class Sizes {
        private final Map<String, Object> fields;

        Sizes(Map<String, Object> fields) {
            this.fields = fields;
        }

        public int requested() {
            return ((Number) fields.get("requested")).intValue();
        }

        /** What getsockopt reports. */
        public int effective() {
            return ((Number) fields.get("effective")).intValue();
        }

        /** What the kernel holds (twice the effective size on Linux), -1 where not known. */
        public long kernel() {
            return ((Number) fields.get("kernel")).longValue();
        }

        /** as requested, application, untouched, raised, different, capped, failed. */
        public String outcome() {
            return (String) fields.get("outcome");
        }

        /** agent, agent rule ..., application, listener, kernel default. */
        public String setBy() {
            return (String) fields.get("setBy");
        }

        /** Where the application set it, only with setBy application; null otherwise. */
        public String callSite() {
            return (String) fields.get("callSite");
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }
}
