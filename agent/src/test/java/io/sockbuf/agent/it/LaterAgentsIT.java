package io.sockbuf.agent.it;

import io.sockbuf.agent.probe.RedefiningAgent;
import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.OtherAgentJar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.util.Map;

import static io.sockbuf.agent.testkit.TestSizes.AGENT;
import static io.sockbuf.agent.testkit.TestSizes.RECV;
import static io.sockbuf.agent.testkit.TestSizes.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A later agent that redefines (not retransforms) the JDK's socket classes with the class files the
 * JDK ships. Before premain stopped keeping a transformer registered, the JVM handed a redefinition
 * to sockbuf's transformer, which wove the hooks in again; with no transformer left, the redefined
 * classes have no hooks. Nothing says so: the sockets keep the kernel's sizes and the exit summary
 * reports no socket at all.
 */
class LaterAgentsIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLaterAgentRedefiningTheSocketClassesFromTheJdksClassFilesLeavesTheirSocketsSized(Jdk jdk) throws Exception {
        File jar = OtherAgentJar.of(new File("target/other-agents/redefining-agent.jar"), RedefiningAgent.class, "Can-Redefine-Classes");
        for (String scenario : new String[] {"socket", "nio"}) {
            ForkedJvm.Result result = ForkedJvm.on(jdk).withAgent(AGENT).withOptions("-javaagent:" + jar.getAbsolutePath()).run(scenario);
            String context = jdk + " " + scenario + "\n" + result;
            assertEquals(0, result.exitCode, context);
            assertTrue(result.stderr.contains("redefining-agent: redefined "), "the later agent redefined the socket classes: " + context);
            assertTrue(result.values().size() >= 3, context);
            for (Map.Entry<String, Buffers> socket : result.values().entrySet()) {
                assertEquals(RECV, socket.getValue().recv, socket.getKey() + " SO_RCVBUF: " + context);
                if (!socket.getKey().contains("listener")) {
                    assertEquals(SEND, socket.getValue().send, socket.getKey() + " SO_SNDBUF: " + context);
                }
            }
        }
    }
}
