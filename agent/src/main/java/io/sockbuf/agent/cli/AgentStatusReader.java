package io.sockbuf.agent.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code status} answer of the agent in another JVM, as text, for {@code doctor}: the same
 * {@code cli.status=} load {@code status} does (through {@link TargetJvm}), without printing.
 * The caller decides whether that JVM may be attached to at all.
 */
public final class AgentStatusReader {

    private AgentStatusReader() {
    }

    /** @throws IOException with the reason, ready to print, when there is no answer */
    public static String status(String pid) throws IOException {
        if (!TargetJvm.isJvm(pid)) {
            throw new IOException("process " + pid + " is not a Java VM; not attached to");
        }
        File jar = agentJar();
        if (jar == null) {
            throw new IOException("not run as java -jar sockbuf-agent.jar, so the agent jar to load is unknown");
        }
        Path directory = Files.createTempDirectory("sockbuf-cli");
        Path reply = directory.resolve("answer.txt");
        try {
            TargetJvm.load(pid, jar, AgentCommand.STATUS + reply);
            if (!Files.isRegularFile(reply)) {
                throw new IOException("the agent in JVM " + pid + " did not answer");
            }
            return new String(Files.readAllBytes(reply), StandardCharsets.UTF_8);
        } catch (TargetJvm.AttachFailure e) {
            throw new IOException(e.getMessage());
        } finally {
            Files.deleteIfExists(reply);
            Files.deleteIfExists(directory);
        }
    }

    /** The jar this class came from; null when not run from a jar. */
    public static File agentJar() {
        try {
            File location = new File(AgentStatusReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.isFile() ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
