package io.sockbuf.demo;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP window scale of the client connection, as {@code ss -tni} reports it ("wscale:S,R": the
 * peer's and this socket's receive scale, fixed in the handshake), beside what an unlocked socket
 * gets on this host (from net.ipv4.tcp_rmem's max and net.core.rmem_max, as Linux's
 * tcp_select_initial_window computes it). A locked, small receive buffer gets a small scale.
 */
final class WindowScale {

    private static final Pattern WSCALE = Pattern.compile("wscale:(\\d+),(\\d+)");

    private WindowScale() {
    }

    static String describe(int clientPort, int listenerPort) {
        String unlocked = unlockedScale();
        String measured = fromSs(clientPort, listenerPort);
        return "TCP window scale of the client connection: " + measured
                + "\n  a socket whose receive buffer nobody sets gets " + unlocked + " here (autotuning);"
                + " run the demo without -javaagent to see it measured.";
    }

    private static String fromSs(int clientPort, int listenerPort) {
        try {
            Process ss = new ProcessBuilder("ss", "-tniH", "state", "established", "( sport = :" + clientPort + " and dport = :"
                    + listenerPort + " )").redirectErrorStream(true).start();
            ss.getOutputStream().close();
            String output = read(ss.getInputStream());
            if (!ss.waitFor(5, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
                return "unknown (ss did not answer within 5 s)";
            }
            Matcher matcher = WSCALE.matcher(output);
            return matcher.find() ? matcher.group(2) + " for its receive window (ss: wscale:" + matcher.group(1) + ","
                    + matcher.group(2) + ")" : "unknown (ss shows no wscale for it)";
        } catch (Exception e) {
            return "unknown (ss, of iproute2, could not be run: " + e.getMessage() + ")";
        }
    }

    private static String unlockedScale() {
        try {
            String[] tcpRmem = read("/proc/sys/net/ipv4/tcp_rmem").trim().split("\\s+");
            long space = Math.max(Long.parseLong(tcpRmem[2]), Long.parseLong(read("/proc/sys/net/core/rmem_max").trim()));
            int scale = 0;
            while (space > 65535 && scale < 14) {
                space >>= 1;
                scale++;
            }
            return "scale " + scale;
        } catch (Exception e) {
            return "a larger scale";
        }
    }

    static String read(String path) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(Paths.get(path))) {
            return read(in);
        }
    }

    private static String read(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            bytes.write(buffer, 0, n);
        }
        return new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
    }
}
