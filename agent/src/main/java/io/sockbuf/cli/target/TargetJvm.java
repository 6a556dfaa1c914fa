package io.sockbuf.cli.target;

import io.sockbuf.agent.proc.JavaVersion;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The only class that uses {@code jdk.attach} (com.sun.tools.attach). Used by {@link SockbufCli}
 * in the CLI's own JVM; never loaded by premain or agentmain.
 */
public final class TargetJvm {

    private TargetJvm() {
    }

    /** Other JVMs on this host: {pid, display name}. */
    public static List<String[]> list() {
        String self = Long.toString(ProcessHandle.current().pid());
        List<String[]> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            if (!descriptor.id().equals(self)) {
                jvms.add(new String[] {descriptor.id(), descriptor.displayName()});
            }
        }
        return jvms;
    }

    /** Attaches, loads the agent jar with these arguments (agentmain runs before this returns), detaches. */
    public static Loaded load(String pid, File jar, String arguments, AttachProgress progress) throws AttachFailure {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
            progress.attached();
        } catch (AttachNotSupportedException | IOException e) {
            throw new AttachFailure("cannot attach to process " + pid + ": " + e.getMessage()
                    + " (is it a JVM, run by this user, not stopped, without -XX:+DisableAttachMechanism?)");
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
                            .contains("+EnableDynamicAgentLoading"),
                    system.getProperty("java.vm.info", "").contains("sharing"));
            progress.loadingAgent(loaded.javaVersion);
            vm.loadAgent(jar.getAbsolutePath(), arguments);
            progress.agentLoaded();
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
    public static final class Loaded {
        public final String javaVersion;
        public final int feature;
        public final String name;
        public final boolean dynamicLoadingEnabled;
        /** The target maps a class-data sharing archive (java.vm.info "..., sharing"). */
        public final boolean sharing;

        /**
         * The version comes from the target's own system properties, read over the attach
         * connection: the JVM itself answers. Its hsperfdata file is missing with -XX:-UsePerfData,
         * and /proc/PID/exe can be a loader or wrapper rather than the JDK's java.
         */
        Loaded(String javaVersion, String specificationVersion, String command, boolean dynamicLoadingEnabled, boolean sharing) {
            this.javaVersion = javaVersion;
            this.feature = JavaVersion.feature(specificationVersion, 0);
            String main = command.trim();
            this.name = main.isEmpty() ? "" : main.split(" ")[0];
            this.dynamicLoadingEnabled = dynamicLoadingEnabled;
            this.sharing = sharing;
        }

    }

    public static final class AttachFailure extends Exception {
        private static final long serialVersionUID = 1L;

        AttachFailure(String message) {
            super(message);
        }
    }
}
