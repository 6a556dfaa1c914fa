package io.sockbuf.agent.testkit;

import java.io.IOException;

/**
 * A forked JVM running {@link io.sockbuf.agent.probe.BulkProbe} (a loopback listener, client and
 * accepted socket; with {@code bulk} the client writes without pause to a slow reader), the
 * target of the doctor tests; ended at close.
 */
public final class BulkJvm implements AutoCloseable {

    private final ForkedProcess process;
    public final int listenerPort;

    private BulkJvm(ForkedProcess process, int listenerPort) {
        this.process = process;
        this.listenerPort = listenerPort;
    }

    /** {@code mode}: {@code bulk} or {@code idle}; waits for {@code READY <listener port>}. */
    public static BulkJvm start(Jdk jdk, String mode, String... jvmOptions) throws IOException {
        ForkedProcess process = JavaCommand.on(jdk).withOptions(jvmOptions).withOptions("-Dsockbuf.log=warn")
                .probe("io.sockbuf.agent.probe.BulkProbe").withArguments(mode).startTalking();
        String ready = process.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.endWith("quit");
            throw new AssertionError("probe did not start: " + ready + "\n" + process.stderr());
        }
        return new BulkJvm(process, Integer.parseInt(ready.split(" ")[1]));
    }

    public long pid() {
        return process.pid();
    }

    /** {@code attach-listener=true|false}: whether the JVM has an Attach Listener thread. */
    public String threads() throws IOException {
        process.send("threads");
        String answer = process.readLine();
        process.readLine(); // DONE
        return answer;
    }

    public String stderr() {
        return process.stderr();
    }

    @Override
    public void close() {
        process.endWith("quit");
    }
}
