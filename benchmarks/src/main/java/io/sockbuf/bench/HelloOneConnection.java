package io.sockbuf.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The startup probe of benchmarks/run.sh: the smallest program that makes the agent do all of its
 * work once. One loopback listener, one client socket, one accepted socket, one byte each way,
 * then "hello". Measured as a whole process (wall, CPU, peak RSS) with and without the agent.
 */
public final class HelloOneConnection {

    private HelloOneConnection() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(loopback, 0), 1);
            try (Socket client = new Socket()) {
                client.connect(server.getLocalSocketAddress(), 5_000);
                try (Socket accepted = server.accept()) {
                    OutputStream out = client.getOutputStream();
                    out.write(42);
                    out.flush();
                    InputStream in = accepted.getInputStream();
                    int b = in.read();
                    accepted.getOutputStream().write(b);
                    accepted.getOutputStream().flush();
                    int echoed = client.getInputStream().read();
                    if (b != 42 || echoed != 42) {
                        throw new IllegalStateException("loopback byte mismatch: " + b + ", " + echoed);
                    }
                }
            }
        }
        System.out.println("hello");
    }
}
