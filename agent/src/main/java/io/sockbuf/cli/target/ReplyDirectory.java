package io.sockbuf.cli.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The private directory (0700) the agent in the target writes its answer into (see
 * {@link AgentCommand}). When root attaches to another user's JVM, the agent runs as that user, so the
 * directory is handed to that user; the answer is then read without following links and with a size
 * limit, since that user could have put anything there.
 */
public final class ReplyDirectory {

    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final Path directory;
    private final Path reply;

    private ReplyDirectory(Path directory) {
        this.directory = directory;
        this.reply = directory.resolve("answer.txt");
    }

    public static ReplyDirectory create(String pid) throws IOException {
        ReplyDirectory created = new ReplyDirectory(Files.createTempDirectory("sockbuf-cli"));
        ProcStatus self = ProcStatus.self();
        ProcStatus target = ProcStatus.of(pid);
        if (self != null && target != null && self.uid == 0 && target.uid != 0) {
            try {
                Files.setAttribute(created.directory, "unix:gid", (int) target.gid);
                Files.setAttribute(created.directory, "unix:uid", (int) target.uid);
            } catch (IOException | RuntimeException e) {
                created.delete();
                throw new IOException("cannot hand the reply directory " + created.directory + " to the user of process " + pid
                        + " (uid " + target.uid + "): " + e + "; run the command as that user (sudo -u)", e);
            }
        }
        return created;
    }

    public Path reply() {
        return reply;
    }

    public Path parent() {
        return directory.getParent();
    }

    /** The answer, or null when the agent wrote none. */
    public String read() throws IOException {
        if (!Files.isRegularFile(reply, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(reply, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(reply);
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // A leftover directory in the temp dir is harmless.
        }
    }
}
