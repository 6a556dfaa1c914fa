package io.sockbuf.agent.proc;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a /proc file to its end with plain reads. Files.readAllBytes trusts the size procfs
 * reports (0, or 4096 for /proc/sys) and returned "4" for a net.core.rmem_max of 4194304 on JDK 17.
 */
public final class ProcText {

    private ProcText() {
    }

    /** The file's text, one char per byte (its numbers and names are ASCII). */
    public static String read(String path) throws IOException {
        return new String(bytes(path), StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String path) throws IOException {
        try (InputStream in = new FileInputStream(path)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            return bytes.toByteArray();
        }
    }
}
