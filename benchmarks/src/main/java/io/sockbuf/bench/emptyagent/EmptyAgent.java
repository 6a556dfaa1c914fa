package io.sockbuf.bench.emptyagent;

import java.lang.instrument.Instrumentation;

/**
 * The baseline for the agent's startup cost: a Java agent whose premain returns at once.
 * benchmarks/run.sh packs this class alone into {@code sockbuf-empty-agent.jar} with the same
 * manifest shape as sockbuf's (Premain-Class, Agent-Class, Can-Retransform-Classes,
 * Can-Redefine-Classes, Boot-Class-Path naming the jar itself, Implementation-*), so the JDK's
 * part of loading an agent (the instrument library, JVMTI capabilities, reading the manifest,
 * appending to the boot class path) costs the same; what sockbuf adds on top is its own.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
    }
}
