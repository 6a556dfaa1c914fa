package io.sockbuf.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The agent opens only regular files that the user named (log file, config file): opening a FIFO
 * blocks until a writer or reader comes, a device may never end (/dev/zero) or belong to the
 * application (/dev/stdin). Checked without following a symbolic link.
 */
public final class RegularFile {

    private RegularFile() {
    }

    /** Why {@code path} is not a regular file, or null when it is one; {@code missingIsFine} for files the agent creates. */
    public static String problem(String path, boolean missingIsFine) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(Paths.get(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return missingIsFine ? null : "cannot be read (it does not exist)";
        } catch (IOException | RuntimeException e) {
            return "cannot be examined (" + e + ")";
        }
        if (attributes.isRegularFile()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            return "is a symbolic link, which sockbuf does not follow";
        }
        if (attributes.isDirectory()) {
            return "is a directory";
        }
        return "is not a regular file (a FIFO, device or socket), which sockbuf does not open";
    }
}
