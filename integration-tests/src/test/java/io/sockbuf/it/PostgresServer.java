package io.sockbuf.it;

import io.sockbuf.agent.testkit.Prerequisites;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server (Debian's package, /usr/lib/postgresql/N/bin): initdb into a
 * temporary directory, pg_ctl start on a free port on 127.0.0.1, stopped and deleted at the end.
 * initdb and postgres refuse to run as root, so as root they run as the user postgres (runuser),
 * which owns the directory. It runs natively, without the agent: only the JDBC client JVM has it.
 */
final class PostgresServer implements AutoCloseable {

    private static final File VERSIONS = new File("/usr/lib/postgresql");

    final int port;
    private final File bin;
    private final Path directory;
    private final List<String> asUser;

    private PostgresServer(File bin, Path directory, List<String> asUser, int port) {
        this.bin = bin;
        this.directory = directory;
        this.asUser = asUser;
        this.port = port;
    }

    /**
     * Starts a server, or skips loudly when PostgreSQL is not installed; with CI=true (where
     * .ci/run installs it through scripts/install-postgres.sh) a missing PostgreSQL fails.
     */
    static PostgresServer startOrSkip() throws Exception {
        File bin = newestBin();
        if (bin == null) {
            String message = "PostgreSQL is not installed (no " + VERSIONS + "/*/bin/initdb): the PostgreSQL JDBC tests did NOT run"
                    + " (run scripts/install-postgres.sh as root)";
            Prerequisites.missing(message);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("sockbuf-pg");
        List<String> asUser = new ArrayList<>();
        if (root) {
            run(Arrays.asList("chown", "postgres:postgres", directory.toString()), directory, 10);
            asUser.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        int port = freePort();
        PostgresServer server = new PostgresServer(bin, directory, asUser, port);
        try {
            server.pg("initdb", "-D", server.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            server.pg("pg_ctl", "-D", server.data(), "-l", directory.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory + " -F", "start");
        } catch (Exception | AssertionError e) {
            String log = readIfThere(directory.resolve("server.log"));
            server.close();
            throw new AssertionError("could not start PostgreSQL from " + bin + ": " + e.getMessage() + "\nserver.log:\n" + log, e);
        }
        return server;
    }

    String version() {
        return bin.getParentFile().getName();
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(directory.resolve("data/postmaster.pid"))) {
                pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private String data() {
        return directory.resolve("data").toString();
    }

    private void pg(String program, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(asUser);
        command.add(new File(bin, program).getPath());
        command.addAll(Arrays.asList(arguments));
        run(command, directory, 90);
    }

    private static void run(List<String> command, Path directory, int seconds) throws Exception {
        File output = Files.createTempFile("sockbuf-pg", ".out").toFile();
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n"
                        + new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8));
            }
        } finally {
            output.delete();
        }
    }

    private static File newestBin() {
        File[] versions = VERSIONS.listFiles(version -> new File(version, "bin/initdb").canExecute());
        if (versions == null || versions.length == 0) {
            return null;
        }
        Arrays.sort(versions, Comparator.comparingInt(PostgresServer::versionNumber));
        return new File(versions[versions.length - 1], "bin");
    }

    private static int versionNumber(File version) {
        try {
            return Integer.parseInt(version.getName().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static String readIfThere(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(none)";
        }
    }
}
