package io.sockbuf.bench.threadcpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A measuring agent for thread-cpu.sh: at exit it prints one line, {@code thread-cpu name=µs ...},
 * the CPU time of every thread still alive (Linux's /proc/self/task/TID/schedstat, first field,
 * nanoseconds on a CPU). Given as a second -javaagent after the agent being measured, to every
 * configuration alike, so its own cost cancels out. Tells which thread an agent's start costs: the
 * main thread (premain, the first sockets), the JIT's compiler threads, the VM thread (class
 * redefinition), the agent's own threads.
 */
public final class ThreadCpuAgent {

    private ThreadCpuAgent() {
    }

    public static void premain(String arguments) {
        Runtime.getRuntime().addShutdownHook(new Thread(ThreadCpuAgent::print, "thread-cpu"));
    }

    private static void print() {
        StringBuilder line = new StringBuilder("thread-cpu");
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.UTF_8).trim().replace(' ', '_');
                    String nanos = new String(Files.readAllBytes(task.resolve("schedstat")), StandardCharsets.US_ASCII).split(" ")[0];
                    line.append(' ').append(name).append('=').append(Long.parseLong(nanos) / 1000);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while the list was read
                }
            }
        } catch (IOException e) {
            line.append(" unreadable=0");
        }
        System.out.println(line);
    }
}
