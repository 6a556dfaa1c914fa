package io.sockbuf.agent.log;

import io.sockbuf.agent.config.RegularFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * {@code sockbuf.log.file} must be a regular file or missing (then it is created). Opening a FIFO
 * without a reader blocks until one comes, a device or socket is no log: they are refused before
 * anything is opened, and a missing file is created with O_EXCL, so nothing can slip in between.
 */
final class LogFileCheck {

    private LogFileCheck() {
    }

    /** Why {@code path} cannot be the log file, or null when it is a regular file or does not exist yet. */
    static String problem(String path) {
        return RegularFile.problem(path, true);
    }

    /** Opens a regular file for appending, or creates it; never follows a symbolic link. */
    static OutputStream openForAppend(String path) throws IOException {
        Path file = Paths.get(path);
        try {
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
        } catch (FileAlreadyExistsException e) {
            String problem = problem(path);
            if (problem != null) {
                throw new IOException(path + " " + problem);
            }
            return Files.newOutputStream(file, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
