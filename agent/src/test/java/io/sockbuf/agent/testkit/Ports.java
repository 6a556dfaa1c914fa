package io.sockbuf.agent.testkit;

/** A socket's ports from a probe line {@code ports <name> <local> <remote>} (0: none), to find it with ss. */
public final class Ports {

    public final int local;
    /** 0 when there is no peer (a listener, an unconnected UDP socket). */
    public final int remote;

    Ports(int local, int remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public String toString() {
        return "ports " + local + " " + remote;
    }
}
