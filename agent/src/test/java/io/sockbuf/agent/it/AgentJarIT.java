package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ExitSummary;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.JavaCommand;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.TestSizes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar itself: what it carries, its manifest, and how it behaves when loaded oddly. */
class AgentJarIT {

    @Test
    void theJarCarriesOnlyOurClassesAndRelocatedByteBuddy() throws Exception {
        List<String> strays = new ArrayList<>();
        try (JarFile jar = new JarFile(JavaCommand.AGENT_JAR)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                String unversioned = name.replaceFirst("^META-INF/versions/\\d+/", "");
                boolean ours = unversioned.startsWith("io/sockbuf/agent/") || unversioned.startsWith("io/sockbuf/cli/") || unversioned.equals("io/sockbuf/") || unversioned.equals("io/");
                boolean metadata = name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF")
                        || name.matches("META-INF/(LICENSE|NOTICE)(\\.txt)?") || name.matches("META-INF/licenses/(ASM)?");
                if (!ours && !metadata) {
                    strays.add(name);
                }
            }
        }
        assertEquals(List.of(), strays);
    }

    /** The boot loader reads some 70 of them at every JVM's start; inflating them cost about 2 ms of it (docs/performance.md). */
    @Test
    void theAgentsOwnClassesAreStoredNotDeflated() throws Exception {
        List<String> deflated = new ArrayList<>();
        int stored = 0;
        try (JarFile jar = new JarFile(JavaCommand.AGENT_JAR)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith("io/sockbuf/agent/") || name.startsWith("io/sockbuf/agent/shaded/") || !name.endsWith(".class")) {
                    continue;
                }
                if (entry.getMethod() == JarEntry.STORED) {
                    stored++;
                } else {
                    deflated.add(name);
                }
            }
        }
        assertEquals(List.of(), deflated);
        assertTrue(stored > 50, stored + " classes stored");
    }

    @Test
    void theManifestDeclaresTheAgentAndItsBootClassPath() throws Exception {
        try (JarFile jar = new JarFile(JavaCommand.AGENT_JAR)) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.sockbuf.agent.SockbufAgent", main.getValue("Premain-Class"));
            assertEquals("io.sockbuf.agent.SockbufAgent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertEquals(JavaCommand.AGENT_JAR.getName(), main.getValue("Boot-Class-Path"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theAgentCausesNoJvmWarnings(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT).run("socket");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("", run.stderr.replaceAll("\\[sockbuf\\][^\n]*\n", ""), "stderr beyond our own lines");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aRenamedJarFallsBackToTheBootClassPathAtRunTimeAndSaysSo(Jdk jdk, @TempDir Path directory) throws Exception {
        File renamed = directory.resolve("sockbuf-agent-1.0.jar").toFile();
        Files.copy(JavaCommand.AGENT_JAR.toPath(), renamed.toPath());
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgentJar(renamed, TestSizes.AGENT).run("socket");

        assertEquals(TestSizes.RECV, run.values().get("client").recv, run.toString());
        assertEquals(TestSizes.SEND, run.values().get("accepted").send, run.toString());
        assertTrue(run.stderr.contains("the agent jar is named sockbuf-agent-1.0.jar instead of sockbuf-agent.jar"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void twoCopiesOfTheAgentInstallTheHooksOnce(Jdk jdk) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent(TestSizes.AGENT)
                .withOptions("-javaagent:" + JavaCommand.AGENT_JAR.getAbsolutePath()).run("ten-connections");
        assertTrue(run.stderr.contains("the agent was loaded a second time; its hooks are installed once"), run.toString());
        assertEquals(10, ExitSummary.in(run).count("tcp client", "as requested"), "each socket counted once: " + run);
    }
}
