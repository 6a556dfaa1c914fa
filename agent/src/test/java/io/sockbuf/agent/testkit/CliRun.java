package io.sockbuf.agent.testkit;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        List<String> command = new ArrayList<>(prefix);
        command.addAll(Arrays.asList(jdk.java().getPath(), "-jar", ForkedJvm.AGENT_JAR.getAbsolutePath()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        File stdout = Files.createTempFile("sockbuf-cli", ".stdout").toFile();
        File stderr = Files.createTempFile("sockbuf-cli", ".stderr").toFile();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr);
            ForkedJvm.withoutInheritedAgentSettings(builder);
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(CAP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("CLI did not finish within " + CAP_SECONDS + " s: " + command);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Finished(new ForkedJvm.Result(process.exitValue(), read(stdout), read(stderr)), seconds);
        } finally {
            stdout.delete();
            stderr.delete();
        }
    }

    private static String read(File file) throws Exception {
        return new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
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
