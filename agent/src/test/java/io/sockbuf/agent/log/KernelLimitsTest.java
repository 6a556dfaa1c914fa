package io.sockbuf.agent.log;

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
