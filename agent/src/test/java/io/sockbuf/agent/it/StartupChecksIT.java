package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the agent's own shape can do to a JVM, said at startup or avoided: an application
 * class-data sharing archive made without the agent, an older jar picked up through
 * Boot-Class-Path, a jar path the platform charset cannot encode.
 */
class StartupChecksIT {

    private static final String PROBE = "io.sockbuf.agent.probe.BlockedOutputProbe";
    private static final String PROBE_CLASS_FILE = "io/sockbuf/agent/probe/BlockedOutputProbe.class";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void anArchiveMadeWithoutTheAgentIsNamedInOneWarningAndTheRemedyMakesItShared(Jdk jdk, @TempDir Path dir) throws Exception {
        File probeJar = probeJar(jdk, dir);
        File classList = dir.resolve("classes.lst").toFile();
        run(jdk, "-Xshare:off", "-XX:DumpLoadedClassList=" + classList, "-cp", probeJar.getPath(), PROBE, "main");
        File without = dir.resolve("without-agent.jsa").toFile();
        run(jdk, "-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + without, "-cp", probeJar.getPath());

        ForkedJvm.Result notShared = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions("-XX:SharedArchiveFile=" + without).running(PROBE, probeJar.getPath()).run("main");
        assertEquals(0, notShared.exitCode, notShared.toString());
        assertTrue(notShared.stderr.contains("WARNING: class-data sharing is off although -XX:SharedArchiveFile=" + without),
                notShared.toString());

        // The remedy the warning names: the agent jar on the boot class path when the archive is made.
        File with = dir.resolve("with-agent.jsa").toFile();
        run(jdk, "-Xbootclasspath/a:" + JavaCommand.AGENT_JAR.getAbsolutePath(), "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + with, "-cp", probeJar.getPath());
        ForkedJvm.Result shared = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions("-Xshare:on", "-XX:SharedArchiveFile=" + with, "-Xlog:class+load=info")
                .running(PROBE, probeJar.getPath()).run("main");
        assertEquals(0, shared.exitCode, shared.toString());
        assertTrue(shared.stdout.contains(PROBE + " source: shared objects file"), "the application's class comes from the archive:\n" + shared);
        assertFalse(shared.stderr.contains("class-data sharing is off"), shared.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#withAotCache")
    void anAotCacheThatAnAgentMakesUnusableIsNamedInOneWarning(Jdk jdk, @TempDir Path dir) throws Exception {
        File probeJar = probeJar(jdk, dir);
        File cache = dir.resolve("app.aot").toFile();
        run(jdk, "-XX:AOTCacheOutput=" + cache, "-cp", probeJar.getPath(), PROBE, "main");
        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions("-XX:AOTCache=" + cache).running(PROBE, probeJar.getPath()).run("main");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stderr.contains("WARNING: the AOT cache -XX:AOTCache=" + cache + " is not used"), result.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRenamedJarBesideAnotherBuildSaysWhichClassesRun(Jdk jdk, @TempDir Path dir) throws Exception {
        Path older = dir.resolve("sockbuf-agent.jar");
        Files.copy(JavaCommand.AGENT_JAR.toPath(), older);
        Path renamed = dir.resolve("sockbuf-agent-1.1.jar");
        Files.copy(JavaCommand.AGENT_JAR.toPath(), renamed);
        Path manifest = dir.resolve("manifest.txt");
        Files.write(manifest, "Sockbuf-Build: another-build\n".getBytes());
        run(Jdks.current(), new File(Jdks.current().home, "bin/jar").getPath(), "--update", "--file", renamed.toString(), "--manifest", manifest.toString());

        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgentJar(renamed.toFile(), TestSizes.AGENT).run("socket");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stderr.contains("WARNING: -javaagent names " + renamed + " (build 1.0.0-SNAPSHOT, another-build), but its manifest's"
                + " Boot-Class-Path loads the classes of " + older), result.toString());

        ForkedJvm.Result sameBuild = ForkedJvm.on(jdk).withAgentJar(older.toFile(), TestSizes.AGENT).run("socket");
        assertFalse(sameBuild.stderr.contains("Boot-Class-Path loads the classes"), sameBuild.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aJarPathThePlatformCharsetCannotEncodeStillSizesSockets(Jdk jdk, @TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("\u00fcber"));
        Path jar = folder.resolve("sockbuf-agent.jar");
        Files.copy(JavaCommand.AGENT_JAR.toPath(), jar, StandardCopyOption.REPLACE_EXISTING);
        ForkedJvm.Result result = ForkedJvm.on(jdk).withAgentJar(jar.toFile(), TestSizes.AGENT)
                .withEnvironment("LC_ALL", "C").run("socket");
        assertEquals(0, result.exitCode, result.toString());
        assertFalse(result.stderr.contains("could not start"), result.toString());
        assertEquals(24576, result.values().get("client").recv, result.toString());
        assertEquals(40960, result.values().get("client").send, result.toString());
    }

    private static File probeJar(Jdk jdk, Path dir) throws Exception {
        File jar = dir.resolve("probe.jar").toFile();
        String classes = JavaCommand.PROBE_CLASSES;
        run(Jdks.current(), new File(Jdks.current().home, "bin/jar").getPath(), "--create", "--file", jar.getPath(), "-C", classes, PROBE_CLASS_FILE);
        return jar;
    }

    /** Runs java of {@code jdk} with these arguments (or, when the first is a path, that program) and expects exit 0. */
    private static void run(Jdk jdk, String... arguments) throws Exception {
        ProcessBuilder builder = arguments[0].startsWith("/") ? new ProcessBuilder(arguments)
                : JavaCommand.on(jdk).withOptions(arguments).processBuilder();
        builder.redirectErrorStream(true);
        JavaCommand.withoutInheritedAgentSettings(builder);
        List<String> command = builder.command();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), command.toString());
        assertEquals(0, process.exitValue(), command + "\n" + output);
    }
}
