package io.sockbuf.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own view of a live socket, from {@code ss}: skmem {@code rb}/{@code tb} (the
 * doubled byte counts the kernel keeps) and the TCP window scale chosen at the handshake.
 */
final class KernelView {

    private static final Pattern RB = Pattern.compile("\\brb(\\d+)");
    private static final Pattern TB = Pattern.compile("\\btb(\\d+)");
    private static final Pattern ADDRESS = Pattern.compile(".+:(\\d+)");
    private static final Pattern WSCALE = Pattern.compile("wscale:(\\d+),(\\d+)");

    final long receiveBytes;
    final long sendBytes;
    /** The scale this socket applies to the window it advertises; -1 when not a connection. */
    final int receiveWindowScale;
    final int localPort;
    final int peerPort;
    final String raw;

    private KernelView(String raw) {
        this.raw = raw;
        int[] ports = new int[2];
        int found = 0;
        for (String token : raw.trim().split("\\s+")) {
            Matcher address = ADDRESS.matcher(token);
            if (found < 2 && address.matches()) {
                ports[found++] = Integer.parseInt(address.group(1));
            }
        }
        this.localPort = ports[0];
        this.peerPort = ports[1];
        this.receiveBytes = find(RB, raw, 1);
        this.sendBytes = find(TB, raw, 1);
        this.receiveWindowScale = (int) find(WSCALE, raw, 2);
    }

    /** An established TCP connection, identified by its local and remote port. */
    static KernelView tcpConnection(int localPort, int remotePort) throws IOException, InterruptedException {
        return query("-tmin", "state", "established", "( sport = :" + localPort + " and dport = :" + remotePort + " )");
    }

    static KernelView tcpListener(int port) throws IOException, InterruptedException {
        return query("-ltmn", "( sport = :" + port + " )");
    }

    static KernelView udpSocket(int port) throws IOException, InterruptedException {
        return query("-uamn", "( sport = :" + port + " )");
    }

    /** Every established TCP connection from or to a port (both ends of a loopback connection). */
    static List<KernelView> tcpConnectionsOf(int port) throws IOException, InterruptedException {
        String out = ss("-tmin", "state", "established", "( sport = :" + port + " or dport = :" + port + " )");
        List<KernelView> views = new ArrayList<>();
        String[] lines = out.split("\n");
        StringBuilder current = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.startsWith("\t") && !line.isEmpty()) {
                if (current != null) {
                    views.add(new KernelView(current.toString()));
                }
                current = new StringBuilder(line);
            } else if (current != null) {
                current.append(' ').append(line);
            }
        }
        if (current != null) {
            views.add(new KernelView(current.toString()));
        }
        return views;
    }

    private static KernelView query(String... arguments) throws IOException, InterruptedException {
        String out = ss(arguments);
        if (RB.matcher(out).find()) {
            return new KernelView(out.replace('\n', ' '));
        }
        throw new AssertionError("ss found no such socket: ss " + String.join(" ", arguments) + "\n" + out);
    }

    private static String ss(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList("ss", "-H"));
        command.addAll(Arrays.asList(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return out;
    }

    private static long find(Pattern pattern, String text, int group) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(group)) : -1;
    }

    @Override
    public String toString() {
        return raw;
    }
}
