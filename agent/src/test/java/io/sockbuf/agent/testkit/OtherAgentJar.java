package io.sockbuf.agent.testkit;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A second Java agent for a forked JVM, packed from test classes into a jar of its own (read as
 * resources, so it works from target/test-classes and from the agent's test-jar alike). Public, with
 * the test-jar, for the integration-tests module.
 */
public final class OtherAgentJar {

    private OtherAgentJar() {
    }

    /**
     * @param jar          where to write it (kept if it exists)
     * @param premainClass the agent's class; it and its nested classes {@code premainClass$1..$9} go in
     * @param capabilities manifest attributes set to true, e.g. Can-Retransform-Classes
     */
    public static synchronized File of(File jar, Class<?> premainClass, String... capabilities) throws IOException {
        if (jar.isFile()) {
            return jar;
        }
        jar.getAbsoluteFile().getParentFile().mkdirs();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", premainClass.getName());
        for (String capability : capabilities) {
            manifest.getMainAttributes().putValue(capability, "true");
        }
        File temporary = new File(jar.getPath() + ".tmp");
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(temporary), manifest)) {
            String base = premainClass.getName().replace('.', '/');
            copy(premainClass, base + ".class", out);
            for (int i = 1; i <= 9; i++) {
                copy(premainClass, base + "$" + i + ".class", out);
            }
        }
        Files.move(temporary.toPath(), jar.toPath(), StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    private static void copy(Class<?> near, String entry, JarOutputStream out) throws IOException {
        try (InputStream in = near.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                return;
            }
            out.putNextEntry(new JarEntry(entry));
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
            }
            out.closeEntry();
        }
    }
}
