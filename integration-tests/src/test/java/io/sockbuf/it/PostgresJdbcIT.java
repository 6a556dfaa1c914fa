package io.sockbuf.it;

import io.sockbuf.agent.testkit.Buffers;
import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import io.sockbuf.it.app.PostgresJdbcApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.sockbuf.it.OwnedSockets.AGENT;
import static io.sockbuf.it.OwnedSockets.RECV;
import static io.sockbuf.it.OwnedSockets.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The PostgreSQL JDBC driver (42.7.x) against a real PostgreSQL server started for this class
 * (native, without the agent; only the client JVM has it, so only the client side is checked).
 *
 * <p>Who wins, and when: with its {@code receiveBufferSize} property unset the driver leaves the
 * socket alone and the agent's 24k is there from before connect (window scale 0). With
 * {@code receiveBufferSize=65536} the driver's value wins, but the driver sets it after
 * {@code connect} (ConnectionFactoryImpl, once the PGStream is open): the buffer becomes 64k while
 * the window scale stays the one the agent's 24k gave the handshake (0). Without the agent the
 * same late 64k leaves the default scale: a size set after connect cannot change the scale.
 */
class PostgresJdbcIT {

    private static final int DRIVER_RECEIVE_BUFFER = 65536;
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.startOrSkip();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void withReceiveBufferSizeUnsetTheDriverSocketGetsTheAgentsSizesBeforeConnect(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = jdbcApp(jdk, true).hold("default")) {
            OwnedSockets sockets = OwnedSockets.of("PgJDBC, receiveBufferSize unset", jdk, held);
            assertEquals("42", sockets.info("query"));
            sockets.ownsExactly("client")
                    .sized("client", RECV, SEND, "agent 24k / 40k")
                    .handshookWithTheSmallBuffer("client");
            assertEquals(Buffers.of(RECV, SEND), sockets.libraryView("client"));
            sockets.release(true);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sockbuf.agent.testkit.Jdks#matrix")
    void theDriversReceiveBufferSizeWinsButComesAfterConnectSoTheHandshakeSawTheAgentsBuffer(Jdk jdk) throws Exception {
        try (ForkedJvm.Held held = jdbcApp(jdk, true).hold("receive-buffer-65536")) {
            OwnedSockets sockets = OwnedSockets.of("PgJDBC, receiveBufferSize=65536", jdk, held);
            sockets.ownsExactly("client")
                    .sized("client", DRIVER_RECEIVE_BUFFER, SEND, "agent 24k / 40k before connect, then driver recv 65536")
                    .handshookWithTheSmallBuffer("client");
            assertEquals(Buffers.of(DRIVER_RECEIVE_BUFFER, SEND), sockets.libraryView("client"));
            sockets.release(true);
        }
    }

    /** The control: without the agent the driver's late 64k does not change the default window scale. */
    @Test
    void withoutTheAgentTheDriversLateReceiveBufferSizeLeavesTheDefaultWindowScale() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = jdbcApp(jdk, false).hold("receive-buffer-65536")) {
            OwnedSockets sockets = OwnedSockets.of("PgJDBC, receiveBufferSize=65536, no agent", jdk, held);
            sockets.ownsExactly("client").handshookWithTheDefaultBuffer("client");
            assertEquals(DRIVER_RECEIVE_BUFFER, sockets.get("client").receive);
            assertEquals(2L * DRIVER_RECEIVE_BUFFER, sockets.get("client").kernel.receiveBytes);
            sockets.recorded("client", "no agent; driver recv 65536 after connect");
            sockets.release(false);
        }
    }

    @Test
    void withoutTheAgentTheDriverSocketKeepsTheKernelDefaults() throws Exception {
        Jdk jdk = Jdks.current();
        try (ForkedJvm.Held held = jdbcApp(jdk, false).hold("default")) {
            OwnedSockets.of("PgJDBC, receiveBufferSize unset, no agent", jdk, held)
                    .ownsExactly("client")
                    .keptKernelDefaults()
                    .handshookWithTheDefaultBuffer("client")
                    .release(false);
        }
    }

    private static ForkedJvm jdbcApp(Jdk jdk, boolean withAgent) {
        ForkedJvm jvm = OwnedSockets.app(jdk, PostgresJdbcApp.class).withOptions("-Dsockbuf.it.pg.port=" + server.port);
        return withAgent ? jvm.withAgent(AGENT) : jvm;
    }
}
