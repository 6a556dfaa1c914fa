package io.sockbuf.agent.bridge;

import io.sockbuf.agent.config.ConfigSource;
import io.sockbuf.agent.config.Settings;
import io.sockbuf.agent.config.SettingsReader;
import io.sockbuf.agent.config.LogLevel;
import io.sockbuf.agent.log.KernelLimits;
import io.sockbuf.agent.log.Log;
import io.sockbuf.agent.log.SocketEvents;
import io.sockbuf.agent.model.SocketRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge on its own: whatever the hooks hand it, it never throws and reports once per kind. */
class SocketSizerTest {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private SocketEvents log;

    @BeforeEach
    void configure() {
        Log.awaitWritten(5000); // lines an earlier test queued (LoadReportTest's) must not land in this test's output
        Log.writeTo(stderr);
        Settings settings = SettingsReader.read(Arrays.<ConfigSource>asList(new ConfigSource() {
            @Override
            public String get(String key) {
                return key.equals("recv") ? "24k" : key.equals("send") ? "40k" : null;
            }

            @Override
            public java.util.Collection<String> keys() {
                return java.util.Collections.emptyList();
            }

            @Override
            public String describe(String key) {
                return key;
            }
        }));
        log = new SocketEvents(LogLevel.WARN, KernelLimits.read()); // WARN: only problems are written
        SocketSizer.configure(settings, log);
    }

    @AfterEach
    void restore() {
        Log.writeTo(null);
        SocketSizer.configure(null, null);
    }

    @Test
    void aSetsockoptThatFailsIsLoggedOncePerKindAndNeverThrown() throws Exception {
        for (int i = 0; i < 3; i++) {
            SocketChannel closed = SocketChannel.open();
            closed.close();
            SocketSizer.channelCreated(closed);
        }
        String[] lines = output().split("\n");
        assertEquals(1, lines.length, output());
        assertTrue(lines[0].startsWith("[sockbuf] tcp client: recv 24576 failed: ClosedChannelException; the socket keeps its size"), lines[0]);
        assertEquals(3, log.stats().count(SocketRole.CLIENT));
    }

    @Test
    void anUnexpectedObjectIsReportedOnceNotThrown() {
        SocketSizer.socketImplCreated("not a socket", false, null);
        SocketSizer.socketImplCreated("not a socket", false, null);
        assertTrue(output().startsWith("[sockbuf] tcp client: recv 24576 failed: ClassCastException"), output());
        assertEquals(1, output().split("\n").length, output());
    }

    @Test
    void unixDomainChannelsAreLeftAlone() throws Exception {
        java.net.ProtocolFamily unix;
        try {
            unix = java.net.StandardProtocolFamily.valueOf("UNIX"); // JDK 16+
        } catch (IllegalArgumentException e) {
            return;
        }
        // SocketChannel.open(ProtocolFamily) is JDK 15+ API; the tests compile for 11.
        try (SocketChannel channel = (SocketChannel) SocketChannel.class
                .getMethod("open", java.net.ProtocolFamily.class).invoke(null, unix)) {
            SocketSizer.channelCreated(channel);
        }
        assertEquals("", output());
        assertEquals(0, log.stats().count(SocketRole.CLIENT));
    }

    private String output() {
        Log.awaitWritten(5000);
        return new String(stderr.toByteArray(), StandardCharsets.UTF_8);
    }
}
