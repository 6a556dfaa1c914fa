package io.sockbuf.agent.testkit;

/**
 * A socket's buffer sizes as getsockopt reported them inside the forked JVM, from a probe line
 * {@code <name> recv=R send=S} (-1: the socket has no such buffer, a listener's send).
 */
public final class Buffers {

    public final int recv;
    public final int send;

    private Buffers(int recv, int send) {
        this.recv = recv;
        this.send = send;
    }

    public static Buffers of(int recv, int send) {
        return new Buffers(recv, send);
    }

    /** {@code recv=R} and {@code send=S}; null when the tokens are not those. */
    static Buffers parse(String recvToken, String sendToken) {
        if (!recvToken.startsWith("recv=") || !sendToken.startsWith("send=")) {
            return null;
        }
        return new Buffers(Integer.parseInt(recvToken.substring(5)), Integer.parseInt(sendToken.substring(5)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Buffers && ((Buffers) other).recv == recv && ((Buffers) other).send == send;
    }

    @Override
    public int hashCode() {
        return 31 * recv + send;
    }

    @Override
    public String toString() {
        return "recv=" + recv + " send=" + send;
    }
}
