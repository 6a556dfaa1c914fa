package io.sockbuf.cli.doctor;

import io.sockbuf.cli.target.AgentPresence;
import io.sockbuf.cli.target.AgentStatusReader;
import io.sockbuf.cli.target.ProcessFiles;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code doctor PID [--json] [--watch SECONDS] [--attach]}: every TCP socket of a JVM (its
 * {@code /proc/PID/fd} socket inodes joined with the kernel's table), its buffers, tcp_info
 * numbers and advice. Asks the agent for its settings only where it already runs, unless
 * {@code --attach}. Hidden, for tests: {@code --samples N} ends --watch after N samples,
 * {@code --ss PATH} runs another ss (a missing one shows the /proc/net/tcp fallback).
 */
public final class DoctorCommand {

    public static final String USAGE_LINE =
            "  doctor PID [--json] [--watch S] [--attach]\n"
          + "                                every TCP socket of JVM PID: buffers (locked or autotuned), window scale,\n"
          + "                                RTT, time limited by the peer's window or the send buffer, and advice with\n"
          + "                                the command that applies it; asks sockbuf only where it already runs\n"
          + "                                (--attach loads it to ask); --json: one object per socket per line";

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int USAGE = 2;

    private String pid;
    private boolean json;
    private double watchSeconds = -1;
    private long samples = Long.MAX_VALUE;
    private boolean attach;
    private String ss = "ss";
    private double timeoutSeconds;

    private DoctorCommand() {
    }

    /** {@code args[0]} is "doctor"; {@code timeoutSeconds} bounds the wait for the agent's answer (--timeout). */
    public static int run(String[] args, double timeoutSeconds, PrintStream out, PrintStream err) {
        DoctorCommand command = new DoctorCommand();
        command.timeoutSeconds = timeoutSeconds;
        String problem = command.parse(args);
        if (problem != null) {
            err.println("sockbuf: " + problem + ".");
            err.println("usage: java -jar sockbuf-agent.jar doctor PID [--json] [--watch SECONDS] [--attach]");
            return USAGE;
        }
        return command.run(out, err);
    }

    private String parse(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--attach")) {
                attach = true;
            } else if (arg.equals("--watch") || arg.equals("--samples") || arg.equals("--ss")) {
                if (i + 1 == args.length) {
                    return arg + " needs a value";
                }
                String value = args[++i];
                if (arg.equals("--ss")) {
                    ss = value;
                    continue;
                }
                double number;
                try {
                    number = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return arg + " \"" + value + "\" is not a number";
                }
                if (!(number > 0) || number > 86400) {
                    return arg + " takes a number above 0 (and at most 86400)";
                }
                if (arg.equals("--watch")) {
                    watchSeconds = number;
                } else {
                    samples = (long) Math.ceil(number);
                }
            } else if (pid == null && arg.matches("[0-9]{1,18}")) {
                pid = arg;
            } else {
                return "doctor does not take \"" + arg + "\"";
            }
        }
        if (pid == null) {
            return "doctor needs the process id of a JVM (see: list)";
        }
        if (watchSeconds < 0) {
            samples = 1;
        }
        return null;
    }

    private int run(PrintStream out, PrintStream err) {
        if (!Files.isDirectory(Paths.get("/proc", pid))) {
            err.println("sockbuf: there is no process " + pid + " on this host (doctor reads /proc: Linux only).");
            return FAILED;
        }
        if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            err.println("sockbuf: " + pid + " is this command's own JVM; give the process id of another JVM.");
            return FAILED;
        }
        ProcessFiles files;
        try {
            files = ProcessFiles.of(pid);
        } catch (IOException e) {
            err.println("sockbuf: cannot read /proc/" + pid + "/fd (" + e.getMessage() + "): run doctor as the JVM's user or root.");
            return FAILED;
        }
        AgentView agent = askAgent(files, err);
        TcpSysctls sysctls = TcpSysctls.read();
        Advisor advisor = new Advisor(pid, sysctls);
        Map<Long, SsEntry> previous = new HashMap<>();
        long previousNanos = 0;
        for (long sample = 1; sample <= samples; sample++) {
            if (sample > 1) {
                files = reread(files);
            }
            KernelSockets kernel = KernelSockets.read(ss);
            long nanos = System.nanoTime();
            List<Connection> connections = join(files.socketInodes(), kernel, sysctls, agent, advisor);
            Map<Long, SsEntry> current = new HashMap<>();
            for (Connection connection : connections) {
                SsEntry before = previous.get(connection.kernel.inode);
                if (before != null) {
                    connection.sinceLast = Rates.between(before, connection.kernel, (nanos - previousNanos) / 1e9);
                }
                current.put(connection.kernel.inode, connection.kernel);
            }
            print(connections, kernel.note, agent, sample, out, err);
            previous = current;
            previousNanos = nanos;
            if (sample < samples && !sleep()) {
                break;
            }
        }
        return OK;
    }

    /** Never attaches unless the agent already runs there or --attach was given. */
    private AgentView askAgent(ProcessFiles files, PrintStream err) {
        File jar = AgentStatusReader.agentJar();
        String evidence = AgentPresence.evidence(pid, files, jar == null ? "sockbuf-agent.jar" : jar.getName());
        if (evidence == null && !attach) {
            return AgentView.unknown("sockbuf does not run there (not attached to; set_by is unknown; --attach loads"
                    + " the agent into a JVM to ask it)");
        }
        try {
            return AgentView.fromStatus(AgentStatusReader.status(pid, timeoutSeconds));
        } catch (IOException e) {
            return AgentView.unknown("could not ask sockbuf in process " + pid + ": " + e.getMessage() + "; set_by is unknown");
        }
    }

    private ProcessFiles reread(ProcessFiles files) {
        try {
            return ProcessFiles.of(pid);
        } catch (IOException e) {
            return files; // the process ended: the kernel table no longer has its sockets either
        }
    }

    private static List<Connection> join(Set<Long> inodes, KernelSockets kernel, TcpSysctls sysctls, AgentView agent, Advisor advisor) {
        List<SsEntry> mine = new ArrayList<>();
        Set<Integer> listenerPorts = new HashSet<>();
        for (SsEntry entry : kernel.entries) {
            if (inodes.contains(entry.inode)) {
                mine.add(entry);
                if (entry.isListener()) {
                    listenerPorts.add(entry.localPort());
                }
            }
        }
        Set<String> localAddresses = new HashSet<>();
        for (SsEntry entry : mine) {
            localAddresses.add(entry.local);
        }
        List<Connection> connections = new ArrayList<>();
        for (SsEntry entry : mine) {
            Connection connection = new Connection(entry, Connection.role(entry, listenerPorts),
                    BufferInference.infer(true, entry, sysctls, agent), BufferInference.infer(false, entry, sysctls, agent));
            connection.peerInSameJvm = !entry.isListener() && localAddresses.contains(entry.remote);
            advisor.advise(connection);
            connections.add(connection);
        }
        return connections;
    }

    private void print(List<Connection> connections, String note, AgentView agent, long sample, PrintStream out, PrintStream err) {
        if (json) {
            if (note != null && sample == 1) {
                err.println(note);
            }
            for (Connection connection : connections) {
                out.println(JsonReport.line(pid, connection));
            }
            out.flush();
            return;
        }
        out.println((watchSeconds > 0 ? "--- " + Instant.now() + "\n" : "") + "process " + pid + ": " + connections.size()
                + " TCP socket" + (connections.size() == 1 ? "" : "s") + "; " + agent.describe());
        if (note != null) {
            out.println(note);
        }
        for (Connection connection : connections) {
            TextReport.print(connection, out);
        }
        out.flush();
    }

    private boolean sleep() {
        try {
            Thread.sleep((long) (watchSeconds * 1000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
