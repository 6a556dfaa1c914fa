package io.sockbuf.cli.target;

import io.sockbuf.agent.control.AgentCommand;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;

/**
 * The {@code status} answer of the agent in another JVM, as text, for {@code doctor}: the same
 * {@code cli.status=} load {@code status} does, with the same checks in front of it ({@link Refusal}:
 * never a signal to a non-JVM) and the same bounded waits ({@link BoundedWait}), without printing.
 * The caller decides whether that JVM should be attached to at all.
 */
public final class AgentStatusReader {

    private AgentStatusReader() {
    }

    /** @throws IOException with the reason, ready to print, when there is no answer */
    public static String status(String pid, double timeoutSeconds) throws IOException {
        String refusal = Refusal.of(pid);
        if (refusal != null) {
            throw new IOException(refusal);
        }
        File jar = agentJar();
        if (jar == null) {
            throw new IOException("not run as java -jar sockbuf-agent.jar, so the agent jar to load is unknown");
        }
        ReplyDirectory directory = ReplyDirectory.create(pid);
        AttachProgress progress = new AttachProgress();
        try {
            long start = System.nanoTime();
            BoundedWait.run("attach", timeoutSeconds, () -> TargetJvm.load(pid, jar, AgentCommand.STATUS + directory.reply(), progress));
            double left = Math.max(0.5, timeoutSeconds - (System.nanoTime() - start) / 1e9);
            String answer = BoundedWait.run("reply", left, directory::read);
            if (answer == null) {
                throw new IOException("the agent in JVM " + pid + " did not answer");
            }
            return answer;
        } catch (BoundedWait.TimedOut e) {
            throw new IOException(progress.gaveUp(pid, timeoutSeconds, false));
        } catch (TargetJvm.AttachFailure | IOException e) {
            throw new IOException(e.getMessage());
        } catch (Exception e) {
            throw new IOException(e.toString());
        } finally {
            directory.delete();
        }
    }

    /** The jar the CLI runs from (this class came from it): what loadAgent loads. Null when not run from a jar. */
    public static File agentJar() {
        try {
            File location = new File(AgentStatusReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.isFile() ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
