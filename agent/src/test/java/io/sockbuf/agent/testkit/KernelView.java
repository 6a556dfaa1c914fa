package io.sockbuf.agent.testkit;

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
public final class KernelView {

    private static final Pattern RB = Pattern.compile("\\brb(\\d+)");
    private static final Pattern TB = Pattern.compile("\\btb(\\d+)");
    /** 127.0.0.1:80, [::ffff:127.0.0.1]:80, *:80, with an optional %interface; not ss -i's "rto:200". */
    private static final Pattern ADDRESS = Pattern.compile("(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[^\\]]*\\]|\\*)(?:%[\\w.-]+)?:(\\d+)");
    private static final Pattern WSCALE = Pattern.compile("wscale:(\\d+),(\\d+)");

    public final long receiveBytes;
    public final long sendBytes;
    /** The scale this socket applies to the window it advertises; -1 when not a connection. */
    public final int receiveWindowScale;
    public final int localPort;
    /** 0 when there is no peer (a listener, an unconnected UDP socket). */
    public final int peerPort;
    /** "tcp" or "udp", only from {@link #socketsOfProcess}; null otherwise. */
    public final String netid;
    /** ss's state ("LISTEN", "ESTAB", "UNCONN", ...), only from {@link #socketsOfProcess}; null otherwise. */
    public final String state;
    public final String raw;

    private KernelView(String raw) {
        this(raw, null, null);
    }

    private KernelView(String raw, String netid, String state) {
        this.raw = raw;
        this.netid = netid;
        this.state = state;
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
    public static KernelView tcpConnection(int localPort, int remotePort) throws IOException, InterruptedException {
        return query("-tmin", "state", "established", "( sport = :" + localPort + " and dport = :" + remotePort + " )");
    }

    /** A new TCP socket's send buffer as the kernel holds it: {@code net.ipv4.tcp_wmem}'s middle value. */
    public static long tcpSendDefault() throws IOException {
        String line = java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/sys/net/ipv4/tcp_wmem")).get(0);
        return Long.parseLong(line.trim().split("\\s+")[1]);
    }

    public static KernelView tcpListener(int port) throws IOException, InterruptedException {
        return query("-ltmn", "( sport = :" + port + " )");
    }

    public static KernelView udpSocket(int port) throws IOException, InterruptedException {
        return query("-uamn", "( sport = :" + port + " )");
    }

    /** Every established TCP connection from or to a port (both ends of a loopback connection). */
    public static List<KernelView> tcpConnectionsOf(int port) throws IOException, InterruptedException {
        List<KernelView> views = new ArrayList<>();
        for (String entry : entries(ss("-tmin", "state", "established", "( sport = :" + port + " or dport = :" + port + " )"))) {
            views.add(new KernelView(entry));
        }
        return views;
    }

    /**
     * Every TCP and UDP socket a process holds open, in any state (ss -tuanmpi, matched on
     * {@code pid=<pid>,}): the kernel's list of what that JVM owns, to check that none was missed.
     */
    public static List<KernelView> socketsOfProcess(long pid) throws IOException, InterruptedException {
        List<KernelView> views = new ArrayList<>();
        for (String entry : entries(ss("-tuanmpi"))) {
            if (entry.contains("pid=" + pid + ",")) {
                String[] columns = entry.trim().split("\\s+");
                views.add(new KernelView(entry, columns[0], columns[1]));
            }
        }
        return views;
    }

    /** ss output split into one string per socket (its continuation lines start with white space). */
    private static List<String> entries(String out) {
        List<String> views = new ArrayList<>();
        String[] lines = out.split("\n");
        StringBuilder current = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.startsWith("\t") && !line.isEmpty()) {
                if (current != null) {
                    views.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (current != null) {
                current.append(' ').append(line);
            }
        }
        if (current != null) {
            views.add(current.toString());
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
