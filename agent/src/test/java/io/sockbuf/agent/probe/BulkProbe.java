package io.sockbuf.agent.probe;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The doctor tests' application: a loopback listener, a client connected to it and the accepted
 * socket, all in this JVM, knowing nothing of the agent. With {@code bulk}, the client writes
 * without pause and the accepted side reads 4 KiB, then sleeps 2 ms: a slow reader, so the
 * writer waits for the receive window. With {@code idle}, nothing is sent. Prints
 * {@code READY <listener port> <client port>}, then answers on stdin: {@code threads} prints
 * {@code attach-listener=true|false} (whether this JVM was ever attached to); {@code quit} ends it.
 */
public final class BulkProbe {

    public static void main(String[] args) throws Exception {
        boolean bulk = args.length > 0 && args[0].equals("bulk");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket listener = new ServerSocket(0, 50, loopback);
        Socket client = new Socket();
        client.connect(new InetSocketAddress(loopback, listener.getLocalPort()));
        Socket accepted = listener.accept();
        if (bulk) {
            daemon(() -> write(client));
            daemon(() -> readSlowly(accepted));
        }
        System.out.println("READY " + listener.getLocalPort() + " " + client.getLocalPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            if (line.equals("threads")) {
                boolean attachListener = Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(thread -> thread.getName().equals("Attach Listener"));
                System.out.println("attach-listener=" + attachListener);
            }
            System.out.println("DONE");
            System.out.flush();
        }
        client.close();
        accepted.close();
        listener.close();
    }

    private static void write(Socket socket) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = socket.getOutputStream()) {
            while (true) {
                out.write(chunk);
            }
        } catch (Exception endOfRun) {
            // The socket was closed at quit.
        }
    }

    private static void readSlowly(Socket socket) {
        byte[] buffer = new byte[4096];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buffer) >= 0) {
                Thread.sleep(2);
            }
        } catch (Exception endOfRun) {
            // The socket was closed at quit.
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
    }
}
