package io.sockbuf.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One TCP socket of the JVM, joined with what doctor concluded about it. */
final class Connection {

    static final String CLIENT = "client";
    static final String ACCEPTED = "accepted";
    static final String LISTENER = "listener";

    final SsEntry kernel;
    final String role;
    final BufferVerdict recv;
    final BufferVerdict send;
    final List<Advice> advice = new ArrayList<>();
    /** The remote address is the local address of another socket of this JVM (loopback to itself). */
    boolean peerInSameJvm;
    /** Null on the first sample; with --watch, the change since the previous one. */
    Rates sinceLast;

    Connection(SsEntry kernel, String role, BufferVerdict recv, BufferVerdict send) {
        this.kernel = kernel;
        this.role = role;
        this.recv = recv;
        this.send = send;
    }

    /** Accepted: the local port is one the same process listens on (a client's local port is ephemeral). */
    static String role(SsEntry entry, Set<Integer> listenerPorts) {
        if (entry.isListener()) {
            return LISTENER;
        }
        return listenerPorts.contains(entry.localPort()) ? ACCEPTED : CLIENT;
    }
}
