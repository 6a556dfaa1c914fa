package io.sockbuf.agent.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** One JDK of the test matrix; {@code home} is null when it is not installed on this machine. */
public final class Jdk {

    public final int feature;
    /** null when this JDK is not installed here. */
    public final File home;
    /** Left out by {@code SOCKBUF_IT_JDKS}: its tests are skipped, in CI too. */
    private final boolean deselected;

    Jdk(int feature, File home) {
        this(feature, home, false);
    }

    private Jdk(int feature, File home, boolean deselected) {
        this.feature = feature;
        this.home = home;
        this.deselected = deselected;
    }

    /** A JDK of the matrix that {@code SOCKBUF_IT_JDKS} leaves out of a quick local run. */
    static Jdk deselected(int feature) {
        return new Jdk(feature, null, true);
    }

    public File java() {
        return new File(home, "bin/java");
    }

    /** A missing JDK is a loud skip on a developer machine and a failure in CI (see {@link Prerequisites}). */
    public void assumeInstalled() {
        Assumptions.assumeFalse(deselected, "JDK " + feature + " is not in SOCKBUF_IT_JDKS");
        if (home != null) {
            recordThatItRan();
            return;
        }
        String message = "JDK " + feature + " is not installed: forked-JVM tests on it did NOT run"
                + " (" + installHint() + ", or list JDK homes in TEST_JDKS)";
        Prerequisites.missing(message);
    }

    private String installHint() {
        switch (feature) {
            case 11: return "run scripts/install-jdk11.sh";
            case 21: return "run scripts/install-jdk21.sh";
            case 25: return "install Temurin 25 in /usr/lib/jvm/temurin-25-jdk-amd64";
            default: return "install openjdk-" + feature + "-jdk-headless";
        }
    }

    /** scripts/test.sh reads this file to say which JDKs the forked-JVM tests ran on. */
    private void recordThatItRan() {
        String record = System.getProperty("sockbuf.forked.record");
        if (record == null) {
            return;
        }
        try {
            Files.write(Paths.get(record), (toString() + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "jdk " + feature;
    }
}
