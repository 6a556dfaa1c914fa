package io.sockbuf.agent.testkit;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line and environment of one forked {@code java}: an optional prefix (setpriv, bash),
 * the shaded agent, JVM options, then a main class or {@code -jar}, then its arguments. The
 * process starts from a clean slate: nothing inherited from the environment the tests run in.
 */
public final class JavaCommand {

    public static final File AGENT_JAR = new File(System.getProperty("sockbuf.agent.jar", "target/sockbuf-agent.jar"));
    /** The probe programs (io.sockbuf.agent.probe): only the JDK besides them, no test library. */
    public static final String PROBE_CLASSES = System.getProperty("sockbuf.probe.classes", "target/test-classes");

    private final Jdk jdk;
    private final List<String> prefix = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private final List<String> program = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private JavaCommand(Jdk jdk) {
        this.jdk = jdk;
    }

    public static JavaCommand on(Jdk jdk) {
        jdk.assumeInstalled();
        return new JavaCommand(jdk);
    }

    /** In front of {@code java} (e.g. {@link OtherUser#PREFIX}, or {@code bash -c ...}). */
    public JavaCommand prefixedBy(List<String> commandPrefix) {
        prefix.addAll(commandPrefix);
        return this;
    }

    /** {@code -javaagent:jar} or {@code -javaagent:jar=arguments} (arguments may be null). */
    public JavaCommand withAgentJar(File jar, String agentArguments) {
        options.add("-javaagent:" + jar.getAbsolutePath() + (agentArguments == null ? "" : "=" + agentArguments));
        return this;
    }

    public JavaCommand withOptions(String... jvmOptions) {
        return withOptions(Arrays.asList(jvmOptions));
    }

    public JavaCommand withOptions(List<String> jvmOptions) {
        options.addAll(jvmOptions);
        return this;
    }

    /** Set after the inherited agent settings are removed (SOCKBUF_* settings, JAVA_TOOL_OPTIONS). */
    public JavaCommand withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public JavaCommand withEnvironment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** A class of {@code io.sockbuf.agent.probe} from the probe classes. */
    public JavaCommand probe(String mainClass) {
        return main(PROBE_CLASSES, mainClass);
    }

    public JavaCommand main(String classpath, String mainClass) {
        program.clear();
        program.addAll(Arrays.asList("-cp", classpath, mainClass));
        return this;
    }

    /** {@code -jar jar}. */
    public JavaCommand jar(File jar) {
        program.clear();
        program.addAll(Arrays.asList("-jar", jar.getAbsolutePath()));
        return this;
    }

    public JavaCommand withArguments(Object... programArguments) {
        for (Object argument : programArguments) {
            arguments.add(String.valueOf(argument));
        }
        return this;
    }

    public List<String> command() {
        List<String> command = new ArrayList<>(prefix);
        command.add(jdk.java().getPath());
        command.addAll(options);
        command.addAll(program);
        command.addAll(arguments);
        return command;
    }

    /** For a test that wires the streams itself (a pipe nobody reads, a FIFO, a discarded stream). */
    public ProcessBuilder processBuilder() {
        ProcessBuilder builder = new ProcessBuilder(command());
        withoutInheritedAgentSettings(builder);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Started with stdout to a file: for a program that is run to its end ({@link ForkedProcess#finish}). */
    public ForkedProcess startToEnd() throws IOException {
        return ForkedProcess.start(processBuilder(), false);
    }

    /** Started with stdout a pipe the test reads line by line while the program runs. */
    public ForkedProcess startTalking() throws IOException {
        return ForkedProcess.start(processBuilder(), true);
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

    @Override
    public String toString() {
        return String.join(" ", command());
    }
}
