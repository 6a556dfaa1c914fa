package io.sockbuf.agent.probe;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running application whose stderr is a pipe nobody reads (a stalled log collector): a thread
 * writes to {@code System.err} until the pipe is full and stays blocked there, holding
 * {@code System.err}'s lock. Prints {@code READY} on stdout once the writes have stopped getting
 * through, then sleeps until killed.
 */
public final class BlockedStderrProbe {

    private static final int FULL_ENOUGH = 64 * 1024;

    public static void main(String[] args) throws Exception {
        AtomicLong written = new AtomicLong();
        char[] chunk = new char[1023];
        Arrays.fill(chunk, 'x');
        String line = new String(chunk);
        PrintStream err = System.err;
        Thread writer = new Thread(() -> {
            while (true) {
                err.println(line);
                written.addAndGet(line.length() + 1);
            }
        }, "stderr-writer");
        writer.setDaemon(true);
        writer.start();
        long last = -1;
        while (written.get() < FULL_ENOUGH || written.get() != last) {
            last = written.get();
            Thread.sleep(1000);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
