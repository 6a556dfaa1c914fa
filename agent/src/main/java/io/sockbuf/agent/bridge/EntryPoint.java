package io.sockbuf.agent.bridge;

/**
 * The bridge's entry points, one per kind of woven call. An internal error switches off only the
 * entry point (and, where it is known, the kind of socket) it happened in, never the others.
 */
enum EntryPoint {
    SOCKET_CREATED("sizing at creation (java.net)"),
    SOCKET_ACCEPTED("sizing at accept (java.net)"),
    DATAGRAM_CREATED("sizing at creation (java.net UDP)"),
    CHANNEL_CREATED("sizing at creation (NIO channels)"),
    NETTY_EPOLL_CREATED("sizing of Netty epoll channels"),
    APPLICATION_SETS("watching the application's own setOption"),
    CONNECTING("rules and log at connect"),
    BINDING("rules at bind"),
    NETTY_EPOLL_CONNECTING("rules and log at connect (Netty epoll)"),
    NETTY_EPOLL_BINDING("rules at bind (Netty epoll)"),
    NATIVE_LIBRARY_LOADING("watching for Netty's native transports"),
    SOCKET_CLASSES_NEEDED("instrumenting the JDK's socket classes when first needed");

    private final String description;

    EntryPoint(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
