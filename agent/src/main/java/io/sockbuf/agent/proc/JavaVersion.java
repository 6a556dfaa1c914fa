package io.sockbuf.agent.proc;

/** A JVM's feature release (11, 17, ...) from its {@code java.specification.version} ("1.8" is 8). */
public final class JavaVersion {

    private JavaVersion() {
    }

    /** @param unknown what an unreadable version counts as: callers pick their safe side */
    public static int feature(String specificationVersion, int unknown) {
        try {
            return Integer.parseInt(specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion);
        } catch (NumberFormatException e) {
            return unknown;
        }
    }
}
