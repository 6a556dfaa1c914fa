package io.sockbuf.agent.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar sockbuf-agent.jar ...} in a forked JVM, like {@link LiveJvm#cli}, with what the
 * CLI safety tests vary: a command prefix (run as another user) and environment variables
 * (JAVA_TOOL_OPTIONS). Also records how long the run took.
 */
public final class CliRun {

    /** The cap of one run: a CLI that outlives it is a failure, whatever its own timeout says. */
    public static final long CAP_SECONDS = 90;

    private final Jdk jdk;
    private final List<String> prefix = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private CliRun(Jdk jdk) {
        this.jdk = jdk;
    }

    public static CliRun on(Jdk jdk) {
        jdk.assumeInstalled();
        return new CliRun(jdk);
    }

    public CliRun as(List<String> commandPrefix) {
        prefix.addAll(commandPrefix);
        return this;
    }

    public CliRun withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Finished run(Object... args) throws Exception {
        JavaCommand command = JavaCommand.on(jdk).prefixedBy(prefix).withEnvironment(environment)
                .jar(JavaCommand.AGENT_JAR).withArguments(args);
        long start = System.nanoTime();
        ForkedJvm.Result result = command.startToEnd().finish(CAP_SECONDS);
        return new Finished(result, (System.nanoTime() - start) / 1e9);
    }

    public static final class Finished {
        public final ForkedJvm.Result result;
        public final double seconds;

        Finished(ForkedJvm.Result result, double seconds) {
            this.result = result;
            this.seconds = seconds;
        }

        @Override
        public String toString() {
            return result + "--- took " + String.format("%.1f", seconds) + " s\n";
        }
    }
}
