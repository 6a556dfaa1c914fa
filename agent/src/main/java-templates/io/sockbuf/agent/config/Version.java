package io.sockbuf.agent.config;

/**
 * This build's version and build stamp, filled in by Maven (agent/pom.xml, java-templates). Not
 * read from the jar's manifest: defining the package reads it through java.nio.file, which costs
 * premain milliseconds and throws for a jar path the platform charset cannot encode (LC_ALL=C).
 */
public final class Version {

    public static final String TEXT = "${project.version}";
    public static final String BUILD = "${sockbuf.build}";

    private Version() {
    }
}
