package io.sockbuf.agent.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link io.sockbuf.agent.probe.SocketProbe} (or, through {@link #running}, another program
 * that follows the same protocol) in a fresh JVM, with or without the real shaded agent jar, and
 * reads back what it printed. Public, with the agent's test-jar, for the integration-tests module.
 */
public final class ForkedJvm {

    public static final File AGENT_JAR = new File(System.getProperty("sockbuf.agent.jar", "target/sockbuf-agent.jar"));
    private static final String PROBE_CLASSES = System.getProperty("sockbuf.probe.classes", "target/test-classes");
    /** Only for a JVM that hangs: most exit within seconds, OtherAgentsIT's within 10 s on a busy machine. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Jdk jdk;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private File agentJar;
    private String mainClass = "io.sockbuf.agent.probe.SocketProbe";
    private String classpath = PROBE_CLASSES;
    private String agentArguments;
    private long timeoutSeconds = TIMEOUT_SECONDS;

    private ForkedJvm(Jdk jdk) {
        this.jdk = jdk;
    }

    public static ForkedJvm on(Jdk jdk) {
        jdk.assumeInstalled();
        return new ForkedJvm(jdk);
    }

    public ForkedJvm withAgent(String... systemProperties) {
        return withAgentJar(AGENT_JAR, systemProperties);
    }

    public ForkedJvm withAgentJar(File jar, String... systemProperties) {
        this.agentJar = jar;
        jvmOptions.addAll(Arrays.asList(systemProperties));
        return this;
    }

    /** {@code -javaagent:sockbuf-agent.jar=<arguments>}. */
    public ForkedJvm withAgentArguments(String arguments) {
        this.agentArguments = arguments;
        return this;
    }

    /** An environment variable for the forked JVM (SOCKBUF_* settings, JAVA_TOOL_OPTIONS). */
    public ForkedJvm withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** How long the JVM may run before the test fails (60 s unless a scenario needs longer by design). */
    public ForkedJvm withTimeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public ForkedJvm withOptions(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /**
     * Runs {@code mainClass} from {@code classpath} instead of SocketProbe. It is started with the
     * arguments {@code <scenario> [hold]}, prints {@code <name> recv=R send=S} and
     * {@code ports <name> <local> <remote>} lines, then {@code HOLD}, and with {@code hold} keeps
     * its sockets open until a line arrives on stdin.
     */
    public ForkedJvm running(String mainClass, String classpath) {
        this.mainClass = mainClass;
        this.classpath = classpath;
        return this;
    }

    /** Runs a scenario to the end. */
    public Result run(String scenario) throws Exception {
        Started started = start(scenario, false);
        // stdout goes to a file, so a JVM that never exits fails at the time limit instead of hanging.
        return finish(started, null);
    }

    /** Runs a scenario and keeps its sockets open until {@link Held#release()}. */
    public Held hold(String scenario) throws Exception {
        Started started = start(scenario, true);
        BufferedReader out = new BufferedReader(new InputStreamReader(started.process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder stdout = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            stdout.append(line).append('\n');
            if (line.equals("HOLD")) {
                return new Held(started, stdout);
            }
        }
        Result failed = finish(started, stdout.toString());
        throw new AssertionError("probe ended before holding its sockets:\n" + failed);
    }

    private Started start(String scenario, boolean hold) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().getPath());
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar.getAbsolutePath() + (agentArguments == null ? "" : "=" + agentArguments));
        }
        command.addAll(jvmOptions);
        command.addAll(Arrays.asList("-cp", classpath, mainClass, scenario));
        if (hold) {
            command.add("hold");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        File stderr = Files.createTempFile("sockbuf-probe", ".stderr").toFile();
        stderr.deleteOnExit();
        builder.redirectError(stderr);
        File stdout = null;
        if (!hold) {
            stdout = Files.createTempFile("sockbuf-probe", ".stdout").toFile();
            stdout.deleteOnExit();
            builder.redirectOutput(stdout);
        }
        withoutInheritedAgentSettings(builder);
        builder.environment().putAll(environment);
        return new Started(builder.start(), stdout, stderr, timeoutSeconds);
    }

    /**
     * The forked JVM starts from a clean slate: no agent or sockbuf setting inherited from the
     * environment the tests run in (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, SOCKBUF_*).
     */
    public static void withoutInheritedAgentSettings(ProcessBuilder builder) {
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().keySet().removeIf(name -> name.startsWith("SOCKBUF_"));
    }

    private static final class Started {
        final Process process;
        /** Where stdout went, or null when the test reads it from the process as it comes (hold). */
        final File stdout;
        final File stderr;
        final long timeoutSeconds;

        Started(Process process, File stdout, File stderr, long timeoutSeconds) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.timeoutSeconds = timeoutSeconds;
        }
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Result finish(Started started, String stdout) throws Exception {
        if (!started.process.waitFor(started.timeoutSeconds, TimeUnit.SECONDS)) {
            started.process.destroyForcibly();
            throw new AssertionError("probe did not finish within " + started.timeoutSeconds + " s");
        }
        String stderr = new String(Files.readAllBytes(started.stderr.toPath()), StandardCharsets.UTF_8);
        String out = stdout != null ? stdout : new String(Files.readAllBytes(started.stdout.toPath()), StandardCharsets.UTF_8);
        return new Result(started.process.exitValue(), out, stderr);
    }

    /** A probe whose sockets are still open. */
    public static final class Held implements AutoCloseable {
        private final Started started;
        public final Map<String, int[]> values;
        public final Map<String, int[]> ports;
        /** Everything the program printed up to and including HOLD. */
        public final String stdout;

        Held(Started started, CharSequence stdout) {
            this.started = started;
            this.stdout = stdout.toString();
            this.values = Result.parseValues(this.stdout);
            this.ports = Result.parsePorts(this.stdout);
        }

        /** The process id of the forked JVM, to find its sockets from the outside. */
        public long pid() {
            return started.process.pid();
        }

        public Result release() throws Exception {
            try (OutputStream in = started.process.getOutputStream()) {
                in.write('\n');
            }
            return finish(started, read(started.process.getInputStream()));
        }

        @Override
        public void close() {
            started.process.destroyForcibly();
        }
    }

    /** Exit code and output of a finished probe. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** name -> {recv, send}, from lines "name recv=R send=S". */
        public Map<String, int[]> values() {
            return parseValues(stdout);
        }

        public List<String> sockbufLines() {
            List<String> lines = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.startsWith("[sockbuf]")) {
                    lines.add(line);
                }
            }
            return lines;
        }

        /** stdout without the port numbers, which change from run to run. */
        public String stdoutWithoutPorts() {
            StringBuilder kept = new StringBuilder();
            for (String line : stdout.split("\n")) {
                if (!line.startsWith("ports ")) {
                    kept.append(line).append('\n');
                }
            }
            return kept.toString();
        }

        static Map<String, int[]> parseValues(String stdout) {
            Map<String, int[]> values = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[1].startsWith("recv=") && parts[2].startsWith("send=")) {
                    values.put(parts[0], new int[] {Integer.parseInt(parts[1].substring(5)), Integer.parseInt(parts[2].substring(5))});
                }
            }
            return values;
        }

        static Map<String, int[]> parsePorts(String stdout) {
            Map<String, int[]> ports = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("ports")) {
                    ports.put(parts[1], new int[] {Integer.parseInt(parts[2]), Integer.parseInt(parts[3])});
                }
            }
            return ports;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
