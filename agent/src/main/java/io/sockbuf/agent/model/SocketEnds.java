package io.sockbuf.agent.model;

/** A socket whose ends the log asks for only when it writes a line (they cost system calls). */
public interface SocketEnds {
    Ends ends();
}
