package io.sockbuf.agent.control;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The agent's side of the channel between {@code java -jar sockbuf-agent.jar} ({@link SockbufCli})
 * and a running JVM. Loaded inside the target JVM by {@code agentmain}; references nothing of
 * {@code jdk.attach}.
 *
 * <p>The CLI loads the agent with {@code VirtualMachine.loadAgent(jar, arguments)}; it appends one
 * entry of its own, always last:
 * <ul>
 *   <li>{@code cli.reply=<file>} ({@code attach}): apply the settings before it, then write what
 *       was done and the status to {@code <file>};</li>
 *   <li>{@code cli.status=<file>} ({@code status}): change nothing, write the status to {@code <file>}.</li>
 * </ul>
 *
 * Why a file and not JMX ({@code VirtualMachine.startLocalManagementAgent}) for status: it works
 * whether or not {@code sockbuf.jmx} is on; it opens no connector port in the target and loads no
 * {@code javax.management} there (a JMX connector's own sockets would also be sized and counted,
 * blurring the very counts being asked for); and it needs nothing beyond the attach permission
 * {@code attach} already needs (same user). The file lies in a directory only the CLI's user can
 * enter ({@code Files.createTempDirectory}, 0700); the agent creates it with {@code CREATE_NEW}, so
 * it never writes through a planted symlink; the CLI prints and deletes it. {@code loadAgent}
 * returns only after {@code agentmain} has returned, so the file is complete when the CLI reads it.
 * The price: every {@code status} is an agent load, and JDK 21+ prints its dynamic-agent warning
 * for it unless the target runs with {@code -XX:+EnableDynamicAgentLoading}.
 */
public final class AgentCommand {

    /** Agent.load checks for this (a compile-time constant, so this class is not loaded for -javaagent). */
    public static final String MARKER = "cli.";
    public static final String REPLY = "cli.reply=";
    public static final String STATUS = "cli.status=";

    private final String agentArguments;
    private final String file;
    private final boolean statusOnly;

    private AgentCommand(String agentArguments, String file, boolean statusOnly) {
        this.agentArguments = agentArguments;
        this.file = file;
        this.statusOnly = statusOnly;
    }

    /** Splits the CLI's entry (the last one, so a path may contain anything) off the agent arguments. */
    public static AgentCommand parse(String arguments) {
        int reply = entryStart(arguments, REPLY);
        int status = entryStart(arguments, STATUS);
        int start = Math.max(reply, status);
        if (start < 0) {
            return new AgentCommand(arguments, null, false);
        }
        boolean statusOnly = start == status;
        String path = arguments.substring(start + (statusOnly ? STATUS : REPLY).length());
        String rest = start == 0 ? null : arguments.substring(0, start - 1);
        return new AgentCommand(rest == null || rest.trim().isEmpty() ? null : rest, path, statusOnly);
    }

    private static int entryStart(String arguments, String key) {
        int at = arguments.lastIndexOf(key);
        while (at > 0 && arguments.charAt(at - 1) != ',') {
            at = arguments.lastIndexOf(key, at - 1);
        }
        return at;
    }

    /** The settings part, for SettingsReader; null when there is none. */
    public String agentArguments() {
        return agentArguments;
    }

    /** {@code status}: report only, change nothing. */
    public boolean statusOnly() {
        return statusOnly;
    }

    /** Writes the answer for the CLI; a failure is reported on the agent's log and otherwise ignored. */
    public void reply(String text) {
        if (file == null) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(Paths.get(file), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            // expected: the CLI gave up waiting (--timeout) and removed its reply directory
            io.sockbuf.agent.log.SocketLog.info("the answer for sockbuf's CLI was not delivered: the CLI had stopped waiting for it");
        } catch (IOException | RuntimeException e) {
            io.sockbuf.agent.log.LogSink.warn("could not write the answer for sockbuf's CLI to " + file + ": " + e);
        }
    }
}
