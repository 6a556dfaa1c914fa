package io.sockbuf.agent.log;

import io.sockbuf.agent.model.BufferResult;
import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Outcome;
import org.junit.jupiter.api.Test;

import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KernelLimitsTest {

    private final KernelLimits linux = new KernelLimits(true, 4194304, 4194304, 6291456);

    @Test
    void theAutotuningNoteSaysWhatTheKernelHoldsAlsoBelowItsMinimum() {
        assertTrue(linux.autotuningNote(1).contains("sockbuf.recv=1 fixes it at 2304 "), linux.autotuningNote(1));
        assertTrue(linux.autotuningNote(8192).contains("fixes it at 16384 "), linux.autotuningNote(8192));
        assertTrue(linux.autotuningNote(8388608).contains("fixes it at 8388608 "), linux.autotuningNote(8388608));
    }

    /** The documented constant against this kernel: what getsockopt reads after SO_RCVBUF=1. */
    @Test
    void theReceiveMinimumIsWhatThisKernelHoldsForOneByte() throws Exception {
        assumeTrue(KernelLimits.read().doubles(), "Linux only");
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(1);
            // The JDK halves SO_RCVBUF on Linux to return what was set; the kernel holds twice that.
            assertEquals(KernelLimits.RECEIVE_MINIMUM, 2L * socket.getReceiveBufferSize());
        }
    }

    /** What sockets that are only counted are counted by: the request capped at the ceiling, at least the minimum. */
    @Test
    void theGrantedSizeIsPredictedAsTheKernelComputesIt() {
        assertEquals(65536, linux.granted(65536, Direction.RECEIVE));
        assertEquals(4194304, linux.granted(8388608, Direction.SEND));
        assertEquals(1152, linux.granted(1, Direction.RECEIVE));
        assertEquals(2304, linux.granted(1, Direction.SEND));
        assertEquals(BufferResult.UNKNOWN, new KernelLimits(false, KernelLimits.UNKNOWN, KernelLimits.UNKNOWN, KernelLimits.UNKNOWN)
                .granted(65536, Direction.RECEIVE));
        assertEquals(Outcome.CAPPED, linux.outcome(BufferResult.applied(8388608, linux.granted(8388608, Direction.RECEIVE)), Direction.RECEIVE));
        assertEquals(Outcome.RAISED, linux.outcome(BufferResult.applied(1, linux.granted(1, Direction.SEND)), Direction.SEND));
    }

    /** Against this kernel: what getsockopt reads after a set is what the limits predict, for both directions and both minimums. */
    @Test
    void thePredictionIsWhatThisKernelGrants() throws Exception {
        KernelLimits here = KernelLimits.read();
        assumeTrue(here.doubles(), "Linux only");
        for (int request : new int[] {1, 3000, 65536, (int) Math.min(Integer.MAX_VALUE / 2, 2 * here.max(Direction.RECEIVE))}) {
            try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open()) {
                channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, request);
                channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, request);
                assertEquals(here.granted(request, Direction.RECEIVE), (int) channel.getOption(java.net.StandardSocketOptions.SO_RCVBUF), "recv " + request);
                assertEquals(here.granted(request, Direction.SEND), (int) channel.getOption(java.net.StandardSocketOptions.SO_SNDBUF), "send " + request);
            }
        }
    }

    /** A request below the minimum is raised to the minimum, not beyond: a larger size is someone else's set. */
    @Test
    void aRequestBelowTheMinimumGrantsTheMinimumButNotAnApplicationsLargerSize() {
        assertTrue(linux.grants(1, 1152, Direction.RECEIVE));
        assertTrue(linux.grants(1, 2304, Direction.SEND));
        assertTrue(linux.grants(1, 1, Direction.SEND));
        assertTrue(!linux.grants(1, 30000, Direction.SEND));
        assertTrue(!linux.grants(1, 30000, Direction.RECEIVE));
        assertTrue(!linux.grants(4000, 30000, Direction.SEND));
    }

    @Test
    void tcpRmemIsTheThirdOfThreeNumbers() {
        assertEquals(33554432L, KernelLimits.thirdOfThree("4096\t131072\t33554432\n"));
        assertEquals(6291456L, KernelLimits.thirdOfThree("  4096 87380   6291456  "));
    }

    @Test
    void anythingButThreeFieldsIsUnknown() {
        assertEquals(KernelLimits.UNKNOWN, KernelLimits.thirdOfThree(""));
        assertEquals(KernelLimits.UNKNOWN, KernelLimits.thirdOfThree("4096 131072\n"));
        assertEquals(KernelLimits.UNKNOWN, KernelLimits.thirdOfThree("1 2 3 4"));
        assertEquals(KernelLimits.UNKNOWN, KernelLimits.thirdOfThree("1 2 many"));
    }
}
