package io.sockbuf.it.app;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the library apps share: the protocol of {@code ForkedJvm} (lines
 * {@code <name> recv=R send=S} and {@code ports <name> <local> <remote>}, then {@code HOLD}, then
 * wait for a line on stdin) and a census of every TCP and UDP socket this JVM holds open.
 *
 * <p>The census is getsockopt from inside the JVM on each socket descriptor in /proc/self/fd,
 * whatever library made it and whether or not the library lets the application reach its socket
 * (HttpURLConnection, the gRPC channel and the JDBC driver do not). It calls the JDK's own
 * getsockopt wrapper (sun.nio.ch.Net, hence {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}),
 * which halves Linux's doubled value like every JDK socket API does. Each socket's role comes from
 * /proc/self/net/{tcp,tcp6,udp,udp6}: a TCP listener on a server port is {@code listener}, a
 * connection whose local port is a server port is {@code accepted}, one whose remote port is a
 * server port is {@code client}; anything else is {@code tcp-other} or {@code udp}, so an
 * unexpected socket shows up instead of being ignored.
 */
final class AppProtocol {

    private static final long WATCHDOG_SECONDS = 90;
    private static volatile boolean holding;

    private AppProtocol() {
    }

    /** An app that hangs before HOLD prints its threads and exits, so the test fails instead of waiting forever. */
    static void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(WATCHDOG_SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (!holding) {
                System.err.println("app did not reach HOLD within " + WATCHDOG_SECONDS + " s; threads:");
                for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                    System.err.print(thread);
                }
                System.err.flush();
                Runtime.getRuntime().halt(3);
            }
        }, "app-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** What the library itself reports for a socket (its own getsockopt), printed without ports. */
    static void reportApi(String role, int receive, int send) {
        System.out.println("api-" + role + " recv=" + receive + " send=" + send);
    }

    static void info(String key, Object value) {
        System.out.println("info " + key + " " + value);
    }

    /** Prints every TCP/UDP socket of this JVM: role, getsockopt values, ports. */
    static void census(Set<Integer> serverPorts) throws Exception {
        Map<Long, String[]> table = new HashMap<>();
        for (String protocol : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
            readProcNet(protocol, table);
        }
        Map<Integer, String[]> byFd = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path fd : fds) {
                String link;
                try {
                    link = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (link.startsWith("socket:[")) {
                    String[] entry = table.get(Long.parseLong(link.substring(8, link.length() - 1)));
                    if (entry != null) {
                        byFd.put(Integer.parseInt(fd.getFileName().toString()), entry);
                    }
                }
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Map.Entry<Integer, String[]> socket : byFd.entrySet()) {
            String[] entry = socket.getValue();
            String protocol = entry[0];
            boolean listening = entry[1].equals("0A");
            int local = Integer.parseInt(entry[2]);
            int remote = Integer.parseInt(entry[3]);
            String role;
            if (protocol.startsWith("udp")) {
                role = "udp";
            } else if (listening && serverPorts.contains(local)) {
                role = "listener";
            } else if (!listening && serverPorts.contains(local) && remote != 0) {
                role = "accepted";
            } else if (!listening && serverPorts.contains(remote)) {
                role = "client";
            } else {
                role = "tcp-other";
            }
            int count = seen.merge(role, 1, Integer::sum);
            String name = count == 1 ? role : role + "-" + count;
            FileDescriptor fd = newFd(socket.getKey());
            int receive = getOption(fd, StandardSocketOptions.SO_RCVBUF);
            int send = getOption(fd, StandardSocketOptions.SO_SNDBUF);
            System.out.println(name + " recv=" + receive + " send=" + send);
            System.out.println("ports " + name + " " + local + " " + remote);
            System.out.println("info socket-" + name + " fd=" + socket.getKey() + " " + protocol + " state=" + entry[1]);
        }
    }

    /** Prints HOLD; with the argument {@code hold} keeps everything open until stdin has a line (or closes). */
    static void hold(String[] args) throws IOException {
        holding = true;
        System.out.println("HOLD");
        System.out.flush();
        if (args.length > 1 && args[1].equals("hold")) {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }

    /** inode -> {protocol, state (hex), local port, remote port} from /proc/self/net/<protocol>. */
    private static void readProcNet(String protocol, Map<Long, String[]> table) throws IOException {
        Path file = Paths.get("/proc/self/net", protocol);
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.trim().split("\\s+");
            long inode = Long.parseLong(columns[9]);
            if (inode != 0) {
                table.put(inode, new String[] {protocol, columns[3], port(columns[1]), port(columns[2])});
            }
        }
    }

    private static String port(String hexAddress) {
        return String.valueOf(Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16));
    }

    private static FileDescriptor newFd(int fd) throws Exception {
        Method newFd = Class.forName("sun.nio.ch.IOUtil").getDeclaredMethod("newFD", int.class);
        newFd.setAccessible(true);
        return (FileDescriptor) newFd.invoke(null, fd);
    }

    /** sun.nio.ch.Net.getSocketOption(fd, Net.UNSPEC, option): the same on JDK 11, 17, 21 and 25. */
    private static int getOption(FileDescriptor fd, SocketOption<Integer> option) throws Exception {
        Class<?> net = Class.forName("sun.nio.ch.Net");
        Field unspec = net.getDeclaredField("UNSPEC");
        unspec.setAccessible(true);
        Method get = net.getDeclaredMethod("getSocketOption", FileDescriptor.class, ProtocolFamily.class, SocketOption.class);
        get.setAccessible(true);
        return (Integer) get.invoke(null, fd, unspec.get(null), option);
    }

    static Set<Integer> ports(Integer... ports) {
        return new java.util.HashSet<>(Arrays.asList(ports));
    }
}
