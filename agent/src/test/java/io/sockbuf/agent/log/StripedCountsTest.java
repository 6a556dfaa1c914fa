package io.sockbuf.agent.log;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StripedCountsTest {

    @Test
    void everyThreadsCountsAddUpWhateverStripeItLandsIn() throws Exception {
        StripedCounts counts = new StripedCounts(3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    counts.add(1, 1);
                    counts.add(2, 2);
                    counts.add(2, -1);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, counts.sum(0));
        assertEquals(40_000, counts.sum(1));
        assertEquals(40_000, counts.sum(2));
    }

    @Test
    void aThreadWhoseHashCodeThrowsStillCounts() throws Exception {
        StripedCounts counts = new StripedCounts(1);
        Thread hostile = new Thread(() -> counts.add(0, 1)) {
            @Override
            public int hashCode() {
                throw new IllegalStateException("hostile hashCode");
            }
        };
        hostile.start();
        hostile.join();
        assertEquals(1, counts.sum(0));
    }
}
