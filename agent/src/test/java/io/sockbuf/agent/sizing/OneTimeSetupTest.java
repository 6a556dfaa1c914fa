package io.sockbuf.agent.sizing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneTimeSetupTest {

    private static final Duration CAP = Duration.ofSeconds(10);

    @Test
    void onlyTheFirstThreadTakesTheSetup() {
        OneTimeSetup setup = new OneTimeSetup();
        assertTrue(setup.take());
        assertFalse(setup.take());
        assertFalse(setup.done());
        setup.finished();
        assertTrue(setup.done());
    }

    @Test
    void takeOrAwaitTakesOnceAndMakesTheOthersWaitWithoutTaking() {
        OneTimeSetup setup = new OneTimeSetup();
        assertTrue(setup.takeOrAwait(CAP.toMillis() * 2));
        assertTimeoutPreemptively(CAP, () -> assertFalse(setup.takeOrAwait(50)));
        assertFalse(setup.done());
    }

    @Test
    void aWaiterIsLetGoWhenTheSetupFinishesInAnotherThread() throws Exception {
        OneTimeSetup setup = new OneTimeSetup();
        setup.take();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread finisher = new Thread(() -> {
            try {
                waiting.await();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            setup.finished();
        });
        finisher.start();
        assertTimeoutPreemptively(CAP, () -> {
            waiting.countDown();
            setup.awaitAtMost(CAP.toMillis() * 2); // returns because the setup finished, not because the bound ran out
        });
        assertTrue(setup.done());
        finisher.join();
    }

    @Test
    void aSetupThatNeverFinishesCostsOneBoundedWaitAndNoMore() {
        OneTimeSetup setup = new OneTimeSetup();
        setup.take(); // and never finished, as a setup stuck on a lock the waiter holds
        assertTimeoutPreemptively(CAP, () -> setup.awaitAtMost(50));
        assertFalse(setup.done());
        AtomicBoolean returned = new AtomicBoolean();
        // the bound would outlast the cap: the second waiter must not wait at all
        assertTimeoutPreemptively(CAP, () -> {
            setup.awaitAtMost(CAP.toMillis() * 2);
            returned.set(true);
        });
        assertTrue(returned.get());
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() {
        OneTimeSetup setup = new OneTimeSetup();
        setup.take();
        assertTimeoutPreemptively(CAP, () -> {
            Thread.currentThread().interrupt();
            setup.awaitAtMost(CAP.toMillis() * 2);
            assertTrue(Thread.interrupted(), "the interrupt is the caller's");
        });
        assertFalse(setup.done());
    }

    @Test
    void nothingToWaitForBeforeAnyThreadTookTheSetup() {
        OneTimeSetup setup = new OneTimeSetup();
        assertTimeoutPreemptively(CAP, () -> setup.awaitAtMost(CAP.toMillis() * 2));
    }
}
