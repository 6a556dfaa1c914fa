package io.sockbuf.agent;

import io.sockbuf.agent.proc.JvmOptions;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What about this JVM the user must hear at startup because the agent's own shape causes it: an
 * application class-data sharing archive that the agent's boot class path entry makes unusable,
 * and an older sockbuf jar that the manifest's {@code Boot-Class-Path} picks up instead of the
 * one named by {@code -javaagent}. Each costs a look at the command line only, unless it applies.
 */
final class StartupChecks {

    static final String JAR_NAME = "sockbuf-agent.jar";
    static final String BUILD_ATTRIBUTE = "Sockbuf-Build";

    private StartupChecks() {
    }

    static List<String> warnings(JvmOptions options) {
        List<String> warnings = new ArrayList<>();
        String archive = archiveNotShared(options);
        if (archive != null) {
            warnings.add(archive);
        }
        warnings.addAll(otherBuildsOnTheBootClassPath(options));
        return warnings;
    }

    /**
     * The JVM names an archive but shares nothing: the archive was made without this agent, whose
     * jar (through Boot-Class-Path) is part of the boot class path the archive must match.
     */
    private static String archiveNotShared(JvmOptions options) {
        if (System.getProperty("java.vm.info", "").contains("sharing")) {
            return null;
        }
        String aotCache = options.valueOf("-XX:AOTCache=");
        if (aotCache != null) {
            return "the AOT cache -XX:AOTCache=" + aotCache + " is not used: the JDK does not use an AOT cache in a JVM"
                    + " that runs a Java agent (it was made without module java.instrument). Drop the agent or the cache for this JVM.";
        }
        String archive = options.valueOf("-XX:SharedArchiveFile=");
        if (archive == null) {
            return null;
        }
        return "class-data sharing is off although -XX:SharedArchiveFile=" + archive + " names an archive: it was"
                + " made without this agent, whose jar is on the boot class path (manifest Boot-Class-Path), so the JVM"
                + " cannot use it. Make the archive with -Xbootclasspath/a:<this agent jar> added (see README, Troubleshooting).";
    }

    /** A renamed jar next to another sockbuf-agent.jar: the JVM runs the other jar's classes. */
    private static List<String> otherBuildsOnTheBootClassPath(JvmOptions options) {
        List<String> warnings = new ArrayList<>();
        for (String path : options.agentJars()) {
            File named = new File(path);
            File onBootClassPath = new File(named.getAbsoluteFile().getParentFile(), JAR_NAME);
            if (named.getName().equals(JAR_NAME) || !onBootClassPath.isFile()) {
                continue;
            }
            String namedBuild = build(named);
            String bootBuild = build(onBootClassPath);
            if (namedBuild != null && !namedBuild.equals(bootBuild)) {
                warnings.add("-javaagent names " + named + " (build " + namedBuild + "), but its manifest's Boot-Class-Path"
                        + " loads the classes of " + onBootClassPath + " (build " + (bootBuild == null ? "unknown" : bootBuild)
                        + ") beside it, which is what runs. Remove or replace " + onBootClassPath + ", or name the jar " + JAR_NAME + ".");
            }
        }
        return warnings;
    }

    /** The jar's sockbuf build stamp, or null when it is no sockbuf jar (or cannot be read). */
    private static String build(File jar) {
        try (JarFile file = new JarFile(jar, false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null || !"io.sockbuf.agent.SockbufAgent".equals(manifest.getMainAttributes().getValue("Premain-Class"))) {
                return null;
            }
            Attributes attributes = manifest.getMainAttributes();
            String build = attributes.getValue(BUILD_ATTRIBUTE);
            return attributes.getValue("Implementation-Version") + (build == null ? "" : ", " + build);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
