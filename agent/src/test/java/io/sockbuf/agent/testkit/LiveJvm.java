package io.sockbuf.agent.testkit;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A forked JVM running {@link io.sockbuf.agent.probe.LiveProbe}, which keeps running and opens
 * sockets on command: the target of the attach, status and JMX tests. Also runs the agent jar's
 * CLI ({@code java -jar sockbuf-agent.jar ...}) in another forked JVM.
 */
public final class LiveJvm implements AutoCloseable {

    private final ForkedProcess process;

    private LiveJvm(ForkedProcess process) {
        this.process = process;
    }

    /** Starts the probe with these JVM options (e.g. {@code -javaagent:...}, {@code -Dsockbuf.recv=...}) and waits for READY. */
    public static LiveJvm start(Jdk jdk, String... jvmOptions) throws IOException {
        return startAs(List.of(), jdk, jvmOptions);
    }

    /** {@link #start} with {@code prefix} in front of the java command (e.g. {@code setpriv} to run it as another user). */
    public static LiveJvm startAs(List<String> prefix, Jdk jdk, String... jvmOptions) throws IOException {
        return startWith(prefix, Map.of(), jdk, jvmOptions);
    }

    /** {@link #start} with these environment variables (e.g. JAVA_TOOL_OPTIONS), set after the inherited agent settings are removed. */
    public static LiveJvm startWithEnvironment(Map<String, String> environment, Jdk jdk, String... jvmOptions) throws IOException {
        return startWith(List.of(), environment, jdk, jvmOptions);
    }

    private static LiveJvm startWith(List<String> prefix, Map<String, String> environment, Jdk jdk, String... jvmOptions) throws IOException {
        ForkedProcess process = JavaCommand.on(jdk).prefixedBy(prefix).withEnvironment(environment).withOptions(jvmOptions)
                .probe("io.sockbuf.agent.probe.LiveProbe").startTalking();
        LiveJvm jvm = new LiveJvm(process);
        String first = process.readLine();
        if (!"READY".equals(first)) {
            jvm.close();
            throw new AssertionError("probe did not start: " + first + "\n" + jvm.stderr());
        }
        return jvm;
    }

    /** {@code -javaagent:} with the shaded jar. */
    public static String agent() {
        return "-javaagent:" + JavaCommand.AGENT_JAR.getAbsolutePath();
    }

    public long pid() {
        return process.pid();
    }

    /** {@code open NAME}: name-listener, -client, -accepted, -nio-client -> {recv, send} as getsockopt reports them. */
    public Map<String, Buffers> open(String name) throws IOException {
        return send("open " + name);
    }

    /** {@code report NAME}: the sockets of an earlier {@code open NAME}, as they are now. */
    public Map<String, Buffers> report(String name) throws IOException {
        return send("report " + name);
    }

    /** {@code prepare NAME}: a listener and three clients, not yet connected (see LiveProbe). */
    public void prepare(String name) throws IOException {
        send("prepare " + name);
    }

    /** {@code connect NAME}: connects what {@code prepare NAME} opened; name-late-client, -late-nio-client, -late-app-sized, -late-listener, -late-accepted. */
    public Map<String, Buffers> connect(String name) throws IOException {
        return send("connect " + name);
    }

    private Map<String, Buffers> send(String command) throws IOException {
        process.send(command);
        Map<String, Buffers> values = new LinkedHashMap<>();
        for (String line = process.readLine(); !"DONE".equals(line); line = process.readLine()) {
            if (line == null) {
                throw new AssertionError("probe ended during \"" + command + "\":\n" + stderr());
            }
            String[] parts = line.split(" ");
            values.put(parts[0], Buffers.parse(parts[1], parts[2]));
        }
        return values;
    }

    public String stderr() {
        return process.stderr();
    }

    /** stderr once {@code ready} holds for it, or after 30 s: the agent's log is written by its own thread, a moment later. */
    public String stderrWhen(Predicate<String> ready) throws InterruptedException {
        return process.stderrWhen(ready);
    }

    @Override
    public void close() {
        process.endWith("quit");
    }

    /** {@code java -jar sockbuf-agent.jar args...} on {@code jdk}: exit code and output of one CLI run. */
    public static ForkedJvm.Result cli(Jdk jdk, Object... args) throws Exception {
        return CliRun.on(jdk).run(args).result;
    }
}
