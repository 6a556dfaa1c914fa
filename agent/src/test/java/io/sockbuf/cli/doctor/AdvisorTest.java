package io.sockbuf.cli.doctor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lock inference and advice on kernel facts built by hand, with this host's typical sysctls. */
class AdvisorTest {

    private static final TcpSysctls SYSCTLS = new TcpSysctls(4194304, 4194304,
            new long[] {4096, 131072, 33554432}, new long[] {4096, 16384, 4194304});
    private static final AgentView AGENT_RECV_4K = AgentView.fromStatus(String.join("\n",
            "sockbuf 1.0.0-SNAPSHOT in JVM 42 (Java 17.0.15)",
            "  recv:        4096 bytes (-Dsockbuf.recv=4k)",
            "  send:        unset (left alone)",
            "  rules:       client:port=5432:send=16m (-Dsockbuf.rules=client:port=5432:send=16m)",
            "  mode:        apply (default)", ""));

    @Test
    void theAgentsStatusGivesItsRequests() {
        assertEquals(List.of(4096L), AGENT_RECV_4K.receiveRequests);
        assertEquals(List.of(16L << 20), AGENT_RECV_4K.sendRequests);
        assertEquals("apply", AGENT_RECV_4K.mode);
        assertTrue(AGENT_RECV_4K.sets());
    }

    @Test
    void aBufferTheAgentsRequestExplainsIsLockedByTheAgent() {
        BufferVerdict recv = BufferInference.infer(true, entry(8192, 16384, 0), SYSCTLS, AGENT_RECV_4K);

        assertEquals("true", recv.locked);
        assertEquals("agent", recv.setBy);
        assertEquals(4096, recv.request);
    }

    @Test
    void withoutTheAgentSetByIsUnknownAndSizesAloneDecideLocked() {
        AgentView none = AgentView.unknown("not there");
        assertEquals("true", BufferInference.infer(true, entry(8192, 16384, 0), SYSCTLS, none).locked);
        assertEquals("unknown", BufferInference.infer(true, entry(8192, 16384, 0), SYSCTLS, none).setBy);
        assertEquals("false", BufferInference.infer(true, entry(865111, 16384, 0), SYSCTLS, none).locked, "odd");
        assertEquals("false", BufferInference.infer(true, entry(131072, 16384, 0), SYSCTLS, none).locked, "tcp_rmem default");
        assertEquals("false", BufferInference.infer(true, entry(16777216, 16384, 0), SYSCTLS, none).locked, "above 2 × rmem_max");
        assertEquals("unknown", BufferInference.infer(true, entry(1048576, 16384, 0), SYSCTLS, none).locked);
        assertEquals("false", BufferInference.infer(false, entry(8192, 16384, 0), SYSCTLS, none).locked, "tcp_wmem default");
    }

    @Test
    void aSmallLockedBufferWithScaleZeroIsWindowCappedAtWindowOverRtt() {
        SsEntry kernel = entry(8192, 16384, 0);
        kernel.rttMs = 2.0;
        List<String> codes = codes(advise(kernel, AGENT_RECV_4K));

        assertEquals(List.of(Advice.RECV_LOCKED, Advice.WINDOW_CAPPED), codes);
        String text = advise(kernel, AGENT_RECV_4K).advice.get(1).text;
        // 8192 bytes per 2 ms = 32.8 Mbit/s
        assertTrue(text.contains("= 8192 bytes") && text.contains("32.8 Mbit/s"), text);
        assertEquals(32768000.0, Advisor.capBitsPerSecond(8192, 2.0), 1e-6);
    }

    @Test
    void aRequestAboveRmemMaxGivesTheExactSysctlLine() {
        AgentView agent = AgentView.fromStatus("  recv:        8388608 bytes (agent argument recv=8m)\n  mode:        apply (default)\n");
        Connection connection = advise(entry(8388608, 16384, 7), agent);

        assertEquals(Advice.SYSCTL_CAP, connection.advice.get(0).code);
        assertEquals("sysctl -w net.core.rmem_max=8388608", connection.advice.get(0).command);
    }

    @Test
    void limitedSharesFromOnePercentOn() {
        SsEntry kernel = entry(131072, 69120, 10);
        kernel.busyMs = 1000;
        kernel.rwndLimitedMs = 600;
        kernel.rwndLimitedPct = 60;
        kernel.sndbufLimitedMs = 5;
        kernel.sndbufLimitedPct = 0.5;
        assertEquals(List.of(Advice.RWND_LIMITED), codes(advise(kernel, AgentView.unknown("-"))));

        kernel.sndbufLimitedPct = 30;
        assertEquals(List.of(Advice.RWND_LIMITED, Advice.SNDBUF_LIMITED), codes(advise(kernel, AgentView.unknown("-"))));
    }

    @Test
    void aPeerInTheSameJvmGetsARuleForItsRoleAndPort() {
        SsEntry kernel = entry(131072, 69120, 10);
        kernel.busyMs = 1000;
        kernel.rwndLimitedMs = 600;
        kernel.rwndLimitedPct = 60;
        Connection connection = new Connection(kernel, Connection.CLIENT, BufferInference.infer(true, kernel, SYSCTLS, AGENT_RECV_4K),
                BufferInference.infer(false, kernel, SYSCTLS, AGENT_RECV_4K));
        connection.peerInSameJvm = true;
        new Advisor("42", SYSCTLS).advise(connection);

        String command = connection.advice.get(0).command;
        assertTrue(command.startsWith("java -jar sockbuf-agent.jar attach 42 'rules=accepted:port=5000:recv=64k'"), command);
    }

    @Test
    void windowScaleAsTheKernelPicksIt() {
        assertEquals(0, Advisor.scaleFor(65535));
        assertEquals(1, Advisor.scaleFor(65536));
        assertEquals(10, Advisor.scaleFor(33554432));
        assertEquals(14, Advisor.scaleFor(Long.MAX_VALUE / 2));
    }

    private static SsEntry entry(long rb, long tb, int receiveWscale) {
        SsEntry entry = new SsEntry();
        entry.state = "ESTAB";
        entry.local = "127.0.0.1:40000";
        entry.remote = "127.0.0.1:5000";
        entry.rb = rb;
        entry.tb = tb;
        entry.sendWscale = receiveWscale;
        entry.receiveWscale = receiveWscale;
        return entry;
    }

    private static Connection advise(SsEntry kernel, AgentView agent) {
        Connection connection = new Connection(kernel, Connection.CLIENT, BufferInference.infer(true, kernel, SYSCTLS, agent),
                BufferInference.infer(false, kernel, SYSCTLS, agent));
        new Advisor("42", SYSCTLS).advise(connection);
        return connection;
    }

    private static List<String> codes(Connection connection) {
        List<String> codes = new ArrayList<>();
        for (Advice advice : connection.advice) {
            codes.add(advice.code);
        }
        return codes;
    }
}
