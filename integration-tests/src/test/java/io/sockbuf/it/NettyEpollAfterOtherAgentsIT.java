package io.sockbuf.it;

import io.sockbuf.agent.probe.RetransformingAgent;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.OtherAgentJar;
import io.sockbuf.it.app.NettyApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty's epoll sockets when a later agent retransforms {@code java.lang.Runtime} and the JDK's
 * socket classes (as the agent tests' RetransformingAgent does, like agents that watch
 * {@code Runtime.exec}). A class woven by retransformation loses its hooks when another agent
 * retransforms it after sockbuf's transformer is gone. When premain hooked Runtime.load0/loadLibrary0
 * that way, sockbuf never learned that Netty's native library loads and sized no epoll socket,
 * without a word (this test failed on 11/17/21/25); the hook now sits in the JDK's native-library
 * class instead (install.Hooks.nativeLibraryLoads).
 */
class NettyEpollAfterOtherAgentsIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void aLaterAgentRetransformingRuntimeLeavesEpollSocketsSized(Jdk jdk) throws Exception {
        File laterAgent = OtherAgentJar.of(new File("target/other-agents/retransforming-agent.jar"), RetransformingAgent.class,
                "Can-Retransform-Classes");
        ForkedJvm jvm = OwnedSockets.app(jdk, NettyApp.class).withAgent(AGENT).withOptions("-javaagent:" + laterAgent.getAbsolutePath());
        try (ForkedJvm.Held held = jvm.hold("epoll")) {
            OwnedSockets sockets = OwnedSockets.of("Netty 4.1 epoll, a later agent retransforms Runtime", jdk, held);
            assertEquals("true", sockets.info("epoll-available"), "Epoll.isAvailable()");
            sockets.ownsExactly("listener", "client", "accepted")
                    .sized("listener", RECV, -1, "agent 24k, Runtime retransformed by a later agent")
                    .sized("client", RECV, SEND, "agent 24k / 40k, Runtime retransformed by a later agent")
                    .sized("accepted", RECV, SEND, "agent 24k (from listener) / 40k, Runtime retransformed by a later agent");
            ForkedJvm.Result result = sockets.release(true);
            assertTrue(result.stderr.contains("retransforming-agent: retransformed "), "the later agent ran: " + result);
        }
    }
}
