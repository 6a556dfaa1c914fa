package io.sockbuf.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KernelLimitsTest {

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
