package io.sockbuf.agent.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;

/**
 * The {@code status} answer of the agent in another JVM, as text, for {@code doctor}: the same
 * {@code cli.status=} load {@code status} does (through {@link TargetJvm}), without printing.
 * The caller decides whether that JVM may be attached to at all.
 */
public final class AgentStatusReader {

    private AgentStatusReader() {
    }

    /**
     * The same checks and bounded waits as {@code status}: never attaches to a process that is not
     * provably a HotSpot JVM, and gives up after {@link Timeout#DEFAULT_SECONDS}.
     *
     * @throws IOException with the reason, ready to print, when there is no answer
     */
    public static String status(String pid) throws IOException {
        String refusal = Refusal.of(pid);
        if (refusal != null) {
            throw new IOException(refusal);
        }
        File jar = agentJar();
        if (jar == null) {
            throw new IOException("not run as java -jar sockbuf-agent.jar, so the agent jar to load is unknown");
        }
        ReplyDirectory replies = ReplyDirectory.create(pid);
        AttachProgress progress = new AttachProgress();
        try {
            BoundedWait.run("attach", Timeout.DEFAULT_SECONDS,
                    () -> TargetJvm.load(pid, jar, AgentCommand.STATUS + replies.reply(), progress));
            String answer = BoundedWait.run("reply", Timeout.DEFAULT_SECONDS, replies::read);
            if (answer == null) {
                throw new IOException("the agent in JVM " + pid + " did not answer");
            }
            return answer;
        } catch (BoundedWait.TimedOut e) {
            throw new IOException(progress.gaveUp(pid, Timeout.DEFAULT_SECONDS, false));
        } catch (TargetJvm.AttachFailure e) {
            throw new IOException(e.getMessage());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.toString());
        } finally {
            replies.delete();
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
