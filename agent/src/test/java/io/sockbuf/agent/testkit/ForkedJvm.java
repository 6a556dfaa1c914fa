package io.sockbuf.agent.testkit;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link io.sockbuf.agent.probe.SocketProbe} (or, through {@link #running}, another program
 * that follows the same protocol) in a fresh JVM, with or without the real shaded agent jar, and
 * reads back what it printed. Public, with the agent's test-jar, for the integration-tests module.
 */
public final class ForkedJvm {

    /** Only for a JVM that hangs: most exit within seconds, OtherAgentsIT's within 10 s on a busy machine. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Jdk jdk;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private File agentJar;
    private String agentArguments;
    private String mainClass = "io.sockbuf.agent.probe.SocketProbe";
    private String classpath = JavaCommand.PROBE_CLASSES;
    private long timeoutSeconds = TIMEOUT_SECONDS;
    private final List<String> commandPrefix = new ArrayList<>();

    private ForkedJvm(Jdk jdk) {
        this.jdk = jdk;
    }

    public static ForkedJvm on(Jdk jdk) {
        jdk.assumeInstalled();
        return new ForkedJvm(jdk);
    }

    public ForkedJvm withAgent(String... systemProperties) {
        return withAgentJar(JavaCommand.AGENT_JAR, systemProperties);
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

    /** How long the JVM may run before the test fails (120 s unless a scenario needs longer by design). */
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

    /** The test classes (probes) the forked JVMs run from. */
    public static String probeClasses() {
        return JavaCommand.PROBE_CLASSES;
    }

    /** Runs the JVM under another program, e.g. {@code strace -f -c -o FILE}. */
    public ForkedJvm under(String... prefix) {
        commandPrefix.addAll(Arrays.asList(prefix));
        return this;
    }

    /** Runs a scenario to the end. */
    public Result run(String scenario) throws Exception {
        // stdout goes to a file, so a JVM that never exits fails at the time limit instead of hanging.
        return commandFor(scenario).startToEnd().finish(timeoutSeconds);
    }

    /** Runs a scenario and keeps its sockets open until {@link Held#release()}. */
    public Held hold(String scenario) throws Exception {
        ForkedProcess process = commandFor(scenario).withArguments("hold").startTalking();
        String stdout = process.readThrough("HOLD");
        if (stdout == null) {
            throw new AssertionError("probe ended before holding its sockets:\n" + process.finish(timeoutSeconds));
        }
        return new Held(process, stdout, timeoutSeconds);
    }

    private JavaCommand commandFor(String scenario) {
        JavaCommand command = JavaCommand.on(jdk).withEnvironment(environment).prefixedBy(commandPrefix);
        if (agentJar != null) {
            command.withAgentJar(agentJar, agentArguments);
        }
        return command.withOptions(jvmOptions).main(classpath, mainClass).withArguments(scenario);
    }

    /** A probe whose sockets are still open. */
    public static final class Held implements AutoCloseable {
        private final ForkedProcess process;
        private final long timeoutSeconds;
        public final Map<String, Buffers> values;
        public final Map<String, Ports> ports;
        /** Everything the program printed up to and including HOLD. */
        public final String stdout;

        Held(ForkedProcess process, String stdout, long timeoutSeconds) {
            this.process = process;
            this.timeoutSeconds = timeoutSeconds;
            this.stdout = stdout;
            this.values = Result.parseValues(stdout);
            this.ports = Result.parsePorts(stdout);
        }

        /** The process id of the forked JVM, to find its sockets from the outside. */
        public long pid() {
            return process.pid();
        }

        /** Lets the probe close its sockets and end; the result's stdout is what it printed after HOLD. */
        public Result release() throws Exception {
            process.send("");
            process.closeInput();
            return process.finish(timeoutSeconds);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Exit code and output of a finished forked process. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Each socket the program reported, by name: lines {@code <name> recv=R send=S}. */
        public Map<String, Buffers> values() {
            return parseValues(stdout);
        }

        /** The ports of each socket reported with them: lines {@code ports <name> <local> <remote>}. */
        public Map<String, Ports> ports() {
            return parsePorts(stdout);
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

        /** The agent's warnings in a text log: its lines starting {@code [sockbuf] WARNING}. */
        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            for (String line : sockbufLines()) {
                if (line.startsWith("[sockbuf] WARNING")) {
                    warnings.add(line);
                }
            }
            return warnings;
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

        static Map<String, Buffers> parseValues(String stdout) {
            Map<String, Buffers> values = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                String[] parts = line.split(" ");
                Buffers buffers = parts.length == 3 ? Buffers.parse(parts[1], parts[2]) : null;
                if (buffers != null) {
                    values.put(parts[0], buffers);
                }
            }
            return values;
        }

        static Map<String, Ports> parsePorts(String stdout) {
            Map<String, Ports> ports = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("ports")) {
                    ports.put(parts[1], new Ports(Integer.parseInt(parts[2]), Integer.parseInt(parts[3])));
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
