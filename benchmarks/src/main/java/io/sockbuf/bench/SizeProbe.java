package io.sockbuf.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * Prints the buffer sizes the kernel reports for a new java.net Socket and a new DatagramChannel:
 * {@code tcp R S udp R S}. benchmarks/baselines.sh runs it once per configuration to prove that
 * the shim and sockbuf did size the sockets (Linux reports twice the request) and that the empty
 * agent did not.
 */
public final class SizeProbe {

    private SizeProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (Socket socket = new Socket(); DatagramChannel channel = DatagramChannel.open()) {
            System.out.println("tcp " + socket.getReceiveBufferSize() + " " + socket.getSendBufferSize()
                    + " udp " + channel.getOption(StandardSocketOptions.SO_RCVBUF) + " " + channel.getOption(StandardSocketOptions.SO_SNDBUF));
        }
    }
}
