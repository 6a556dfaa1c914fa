package io.sockbuf.bench.emptyagent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The baseline for the agent's startup cost: a Java agent whose premain returns at once.
 * benchmarks/run.sh packs this class alone into {@code sockbuf-empty-agent.jar} with the same
 * manifest shape as sockbuf's (Premain-Class, Agent-Class, Can-Retransform-Classes,
 * Can-Redefine-Classes, Boot-Class-Path naming the jar itself, Implementation-*), so the JDK's
 * part of loading an agent (the instrument library, JVMTI capabilities, reading the manifest,
 * appending to the boot class path) costs the same; what sockbuf adds on top is its own.
 *
 * <p>With the agent argument {@code transformer} ({@code -javaagent:sockbuf-empty-agent.jar=transformer})
 * premain registers one retransform-capable transformer that returns null for every class: the
 * price of having a transformer at all (the JVM hands every class loaded from then on, archived
 * ones included, to Java), which sockbuf pays for as long as its transformer stays registered.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        if ("transformer".equals(arguments)) {
            instrumentation.addTransformer(new NoTransformation(), true);
        }
    }

    private static final class NoTransformation implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
            return null;
        }
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
    }
}
