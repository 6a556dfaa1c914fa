package io.sockbuf.cli.target;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one CLI step (anything that talks to another JVM) on a daemon thread and waits for it only
 * until a deadline: a target that is stopped, swapping or blocked on its own stderr must not keep the
 * command waiting. After a timeout the step is abandoned, not interrupted (the Attach API's native
 * calls do not answer interrupts); being a daemon thread, it does not keep the CLI's JVM alive.
 */
public final class BoundedWait {

    private BoundedWait() {
    }

    public static <T> T run(String name, double seconds, Callable<T> step) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(step.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "sockbuf-cli-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimedOut(seconds);
        }
    }

    public static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(double seconds) {
            super("no answer within " + Timeout.format(seconds) + " s");
        }
    }
}
