package io.sockbuf.agent.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the agent's lines go: stderr (the agent's own stream on descriptor 2) or a regular file.
 *
 * <p>No thread of the application or of the JVM ever waits for a line to be written: a line is
 * put into a bounded queue (or dropped and counted when it is full) and one daemon thread,
 * {@code sockbuf-log}, writes it. The queue's lock is held only to add or take lines, never while
 * writing; it is a plain monitor and park/unpark rather than a BlockingQueue, whose waiting pulls
 * in ForkJoinPool at every JVM's start. The agent writes to its own stream on descriptor 2, never through
 * {@code System.err}, whose monitor any application thread may hold. See docs/never-block.md.
 */
final class LogSink {

    /** Lines waiting for the writer at most; more are dropped (and counted). */
    static final int CAPACITY = 2048;

    /** Guarded by itself. */
    private static final ArrayDeque<String> QUEUE = new ArrayDeque<>();
    private static final AtomicLong QUEUED = new AtomicLong();
    private static final AtomicLong DROPPED = new AtomicLong();
    /** Lines the writer has taken off the queue and written (or failed to write). */
    private static volatile long handled;
    private static volatile LogTarget target = LogTarget.stderr();
    private static volatile Thread writer;
    private static final Object WRITER_LOCK = new Object();

    private LogSink() {
    }

    /** Further lines go to this file; null, or why they stay on stderr. */
    static String toFile(String path) {
        LogTarget.Opened opened = LogTarget.file(path);
        if (opened.target != null) {
            target = opened.target;
        }
        return opened.problem;
    }

    static void writeTo(OutputStream out) {
        target = out == null ? LogTarget.stderr() : new LogTarget(out, null);
    }

    static long dropped() {
        return DROPPED.get();
    }

    static void awaitWritten(long millis) {
        long goal = QUEUED.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (handled < goal && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    static void offer(String line) {
        boolean queued;
        synchronized (QUEUE) {
            queued = QUEUE.size() < CAPACITY && QUEUE.add(line);
        }
        if (!queued) {
            DROPPED.incrementAndGet();
            return;
        }
        QUEUED.incrementAndGet();
        startWriter();
        LockSupport.unpark(writer);
    }

    /** Moves every queued line into {@code batch}. */
    private static void takeAll(List<String> batch) {
        synchronized (QUEUE) {
            batch.addAll(QUEUE);
            QUEUE.clear();
        }
    }

    private static void startWriter() {
        if (writer != null) {
            return;
        }
        synchronized (WRITER_LOCK) {
            if (writer == null) {
                Thread thread = new Thread(null, new Writer(), "sockbuf-log", 0, false);
                thread.setDaemon(true);
                thread.setContextClassLoader(null);
                thread.start();
                writer = thread;
            }
        }
    }

    /** The writer: takes whatever is queued and writes it in one go, until the JVM ends. */
    private static final class Writer implements Runnable {
        private long reportedDrops;

        @Override
        public void run() {
            List<String> batch = new ArrayList<>();
            while (true) {
                takeAll(batch);
                if (batch.isEmpty()) {
                    // An interrupt would make park return at once, for good: a busy loop. Only the JVM's end stops this thread.
                    Thread.interrupted();
                    LockSupport.park(this); // until offer unparks it (or spuriously)
                    continue;
                }
                writeOut(batch);
                handled += batch.size();
                batch.clear();
                // Lines dropped while that write was blocked are said as soon as writing works again.
                long drops = DROPPED.get();
                if (drops > reportedDrops) {
                    batch.add(Log.line("warn", (drops - reportedDrops) + " log lines were dropped: the log was not written"
                            + " fast enough (is stderr or the log file blocked?)", "\"event\":\"dropped\",\"lines\":" + (drops - reportedDrops), true));
                    reportedDrops = drops;
                    writeOut(batch);
                    batch.clear();
                }
            }
        }
    }

    private static void writeOut(List<String> batch) {
        StringBuilder text = new StringBuilder();
        for (String line : batch) {
            text.append(line);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        LogTarget current = target;
        try {
            current.out.write(bytes);
        } catch (IOException | RuntimeException e) {
            if (current.isFile()) {
                // A full disk or an I/O error: say it once on stderr and keep logging there.
                target = LogTarget.stderr();
                writeQuietly(target.out, Log.line("warn", "writing the log file " + current.path + " failed (" + e.getMessage()
                        + "); logging to stderr from now on.", null, true).getBytes(StandardCharsets.UTF_8));
                writeQuietly(target.out, bytes);
            }
            // stderr itself failed (closed, full): nothing is left to tell.
        }
    }

    private static void writeQuietly(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException | RuntimeException ignored) {
            // see writeOut
        }
    }

    /** The stream lines are written to: the agent's own on descriptor 2, or a regular file. */
    static final class LogTarget {
        final OutputStream out;
        /** The log file's path, or null for stderr. */
        final String path;

        private LogTarget(OutputStream out, String path) {
            this.out = out;
            this.path = path;
        }

        boolean isFile() {
            return path != null;
        }

        static LogTarget stderr() {
            return new LogTarget(new FileOutputStream(FileDescriptor.err), null);
        }

        /** A target or the reason there is none. */
        static final class Opened {
            final LogTarget target;
            final String problem;

            Opened(LogTarget target, String problem) {
                this.target = target;
                this.problem = problem;
            }
        }

        static Opened file(String path) {
            String notRegular = LogFileCheck.problem(path);
            if (notRegular != null) {
                return new Opened(null, "the log file " + path + " " + notRegular + "; logging to stderr instead.");
            }
            try {
                return new Opened(new LogTarget(LogFileCheck.openForAppend(path), path), null);
            } catch (IOException | RuntimeException e) {
                return new Opened(null, "the log file " + path + " cannot be written (" + e + "); logging to stderr instead.");
            }
        }
    }
}
