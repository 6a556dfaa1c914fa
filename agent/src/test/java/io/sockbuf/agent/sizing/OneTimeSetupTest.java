package io.sockbuf.agent.sizing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneTimeSetupTest {

    @Test
    void onlyTheFirstThreadTakesTheSetup() {
        OneTimeSetup setup = new OneTimeSetup();
        assertTrue(setup.take());
        assertFalse(setup.take());
        assertFalse(setup.done());
        setup.finished();
        assertTrue(setup.done());
        assertFalse(setup.take());
    }
}
