package io.sockbuf.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The only class that uses {@code jdk.attach} (com.sun.tools.attach). Used by {@link SockbufCli}
 * in the CLI's own JVM; never loaded by premain or agentmain.
 */
final class TargetJvm {

    private TargetJvm() {
    }

    /** Other JVMs on this host: {pid, display name}. */
    static List<String[]> list() {
        String self = Long.toString(ProcessHandle.current().pid());
        List<String[]> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            if (!descriptor.id().equals(self)) {
                jvms.add(new String[] {descriptor.id(), descriptor.displayName()});
            }
        }
        return jvms;
    }

    /**
     * Whether {@code pid} is a JVM, checked before attaching: the Attach API starts a JVM's attach
     * listener by sending it SIGQUIT, which ends any other process. A JVM is listed by
     * {@link VirtualMachine#list()}, unless it runs with -XX:-UsePerfData; on Linux it also has
     * libjvm.so mapped. Where neither can be checked the answer is yes.
     */
    static boolean isJvm(String pid) {
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            if (descriptor.id().equals(pid)) {
                return true;
            }
        }
        Path maps = Paths.get("/proc", pid, "maps");
        if (!Files.isReadable(maps)) {
            return !Files.isDirectory(Paths.get("/proc", "self"));
        }
        try (BufferedReader lines = Files.newBufferedReader(maps, StandardCharsets.ISO_8859_1)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.endsWith("/libjvm.so")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // another user's process: attaching fails with its own message, and cannot signal it
        }
    }

    /** Attaches, loads the agent jar with these arguments (agentmain runs before this returns), detaches. */
    static Loaded load(String pid, File jar, String arguments) throws AttachFailure {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            throw new AttachFailure("cannot attach to process " + pid + ": " + e.getMessage()
                    + " (is it a JVM, run by this user, without -XX:+DisableAttachMechanism?)");
        } catch (SecurityException e) {
            throw new AttachFailure("not allowed to attach to process " + pid + ": " + e.getMessage());
        }
        try {
            Properties system = vm.getSystemProperties();
            Properties agent = vm.getAgentProperties();
            Loaded loaded = new Loaded(system.getProperty("java.version", "?"),
                    system.getProperty("java.specification.version", "0"),
                    agent.getProperty("sun.java.command", ""),
                    (agent.getProperty("sun.jvm.args", "") + " " + agent.getProperty("sun.jvm.flags", ""))
                            .contains("+EnableDynamicAgentLoading"));
            vm.loadAgent(jar.getAbsolutePath(), arguments);
            return loaded;
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new AttachFailure("JVM " + pid + " could not load the agent " + jar + ": " + e);
        } catch (IOException e) {
            throw new AttachFailure("lost the connection to JVM " + pid + ": " + e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The agent is loaded; a failed detach changes nothing for the target.
            }
        }
    }

    /** What the CLI learned about the target while attached. */
    static final class Loaded {
        final String javaVersion;
        final int feature;
        final String name;
        final boolean dynamicLoadingEnabled;

        Loaded(String javaVersion, String specificationVersion, String command, boolean dynamicLoadingEnabled) {
            this.javaVersion = javaVersion;
            this.feature = feature(specificationVersion);
            String main = command.trim();
            this.name = main.isEmpty() ? "" : main.split(" ")[0];
            this.dynamicLoadingEnabled = dynamicLoadingEnabled;
        }

        private static int feature(String specificationVersion) {
            try {
                return Integer.parseInt(specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    static final class AttachFailure extends Exception {
        private static final long serialVersionUID = 1L;

        AttachFailure(String message) {
            super(message);
        }
    }
}
