package io.sockbuf.agent.probe.scenario;

/**
 * An application that interrupts every thread it finds (as some shutdown code and thread dumpers
 * do), the agent's log writer among them: opens the {@code socket} scenario's sockets, interrupts
 * {@code sockbuf-log}, then samples that thread's state 200 times, 1 ms apart, and prints
 * {@code log-thread-waiting <samples>}; a writer that spins after an interrupt is never seen
 * waiting. Then it opens the sockets again, whose lines must still be written.
 */
final class InterruptedLogThread {

    private static final int SAMPLES = 200;

    private InterruptedLogThread() {
    }

    static void open(Sockets sockets) throws Exception {
        EveryKind.socket(sockets);
        Thread writer = null;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("sockbuf-log")) {
                writer = thread;
            }
        }
        if (writer == null) {
            System.out.println("log-thread-waiting none");
            return;
        }
        writer.interrupt();
        Thread.sleep(20);
        int waiting = 0;
        for (int i = 0; i < SAMPLES; i++) {
            Thread.State state = writer.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                waiting++;
            }
            Thread.sleep(1);
        }
        System.out.println("log-thread-waiting " + waiting);
        EveryKind.socket(sockets);
    }
}
