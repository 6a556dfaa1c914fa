package io.sockbuf.agent.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;

/** One JDK of the test matrix; {@code home} is null when it is not installed on this machine. */
public final class Jdk {

    final int feature;
    final File home;

    Jdk(int feature, File home) {
        this.feature = feature;
        this.home = home;
    }

    File java() {
        return new File(home, "bin/java");
    }

    /**
     * A missing JDK is a loud skip on a developer machine and a failure in CI (CI=true), where
     * .ci/run installs every JDK of the matrix.
     */
    void assumeInstalled() {
        if (home != null) {
            return;
        }
        String message = "JDK " + feature + " is not installed: forked-JVM tests on it did NOT run"
                + " (run scripts/install-jdk11.sh, or list JDK homes in TEST_JDKS)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    @Override
    public String toString() {
        return "jdk " + feature;
    }
}
