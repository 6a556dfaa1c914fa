package io.sockbuf.agent.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JDK matrix of the forked-JVM tests (and of the library integration tests): the LTS releases
 * 11, 17, 21 and 25. Homes come from the JDK running the tests, from {@code TEST_JDKS} (homes
 * separated by ':' or spaces), and from the places {@code scripts/test.sh} installs them to
 * ({@code scripts/install-jdk11.sh}, {@code scripts/install-jdk21.sh} into {@code .cache/}).
 */
public final class Jdks {

    static final int[] MATRIX = {11, 17, 21, 25};

    private static final Map<Integer, File> FOUND = discover();

    private Jdks() {
    }

    /**
     * Every JDK of the matrix, installed or not (a missing one skips loudly, see {@link Jdk}).
     * {@code SOCKBUF_IT_JDKS} (e.g. {@code 17} or {@code 11,25}) narrows it for a quick local run:
     * the others are skipped (so a test for JDK 21+ only still has a case to skip);
     * {@code scripts/test.sh} refuses it, so the full test command always runs the whole matrix.
     */
    public static Stream<Jdk> matrix() {
        List<Jdk> jdks = new ArrayList<>();
        for (int feature : MATRIX) {
            jdks.add(selected(feature) ? new Jdk(feature, FOUND.get(feature)) : Jdk.deselected(feature));
        }
        return jdks.stream();
    }

    private static boolean selected(int feature) {
        String only = System.getenv("SOCKBUF_IT_JDKS");
        if (only == null || only.isBlank()) {
            return true;
        }
        for (String listed : only.split("[,\\s]+")) {
            if (listed.equals(Integer.toString(feature))) {
                return true;
            }
        }
        return false;
    }

    /** JDK 21+: those with virtual threads (JEP 444). */
    public static Stream<Jdk> withVirtualThreads() {
        return matrix().filter(jdk -> jdk.feature >= 21);
    }

    /** JDK 24+: those with an AOT cache (JEP 483). */
    public static Stream<Jdk> withAotCache() {
        return matrix().filter(jdk -> jdk.feature >= 24);
    }

    /** Only JDKs 13-17, which can still switch back to the old PlainSocketImpl / PlainDatagramSocketImpl. */
    public static Stream<Jdk> withPlainImplSwitch() {
        return matrix().filter(jdk -> jdk.feature >= 13 && jdk.feature <= 17);
    }

    /** The JDK running the tests (used for single-JDK controls). */
    public static Jdk current() {
        return new Jdk(Runtime.version().feature(), new File(System.getProperty("java.home")));
    }

    private static Map<Integer, File> discover() {
        List<File> candidates = new ArrayList<>();
        candidates.add(new File(System.getProperty("java.home")));
        String listed = System.getenv("TEST_JDKS");
        if (listed != null) {
            for (String home : listed.split("[:\\s]+")) {
                if (!home.isEmpty()) {
                    candidates.add(new File(home));
                }
            }
        }
        String root = System.getProperty("sockbuf.project.root", "..");
        candidates.add(new File(root, ".cache/jdk-11/usr/lib/jvm/java-11-openjdk-amd64"));
        // Debian trixie's JDK 21, whose bin/ holds wrappers that run it through trixie's loader.
        candidates.add(new File(root, ".cache/jdk-21/usr/lib/jvm/java-21-openjdk-amd64"));
        candidates.add(new File("/usr/lib/jvm/java-17-openjdk-amd64"));
        candidates.add(new File("/usr/lib/jvm/temurin-25-jdk-amd64"));
        Map<Integer, File> found = new LinkedHashMap<>();
        for (File home : candidates) {
            int feature = featureOf(home);
            if (feature > 0 && !found.containsKey(feature)) {
                found.put(feature, home);
            }
        }
        return found;
    }

    /** Reads JAVA_VERSION from the JDK's release file; 0 when it is not a JDK. */
    private static int featureOf(File home) {
        File release = new File(home, "release");
        if (!new File(home, "bin/java").canExecute() || !release.isFile()) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(release.toPath(), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
