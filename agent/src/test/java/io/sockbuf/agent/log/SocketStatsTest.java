package io.sockbuf.agent.log;

import io.sockbuf.agent.model.Outcome;
import io.sockbuf.agent.model.SocketRole;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each socket counted once, under its final outcome; the exit summary and status read the same words. */
class SocketStatsTest {

    @Test
    void aSocketIsCountedOnceAndMovesToItsFinalOutcome() {
        SocketStats stats = new SocketStats();
        stats.add(SocketRole.CLIENT, Outcome.AS_REQUESTED);
        stats.add(SocketRole.CLIENT, Outcome.AS_REQUESTED);
        stats.add(SocketRole.CLIENT, Outcome.CAPPED);
        stats.move(SocketRole.CLIENT, Outcome.AS_REQUESTED, Outcome.APPLICATION);
        stats.move(SocketRole.UDP, Outcome.AS_REQUESTED, Outcome.APPLICATION); // never counted: nothing moves

        assertEquals(3, stats.count(SocketRole.CLIENT));
        assertEquals("3 (1 as requested, 1 application, 1 capped)", stats.describe(SocketRole.CLIENT));
        assertEquals("0", stats.describe(SocketRole.UDP));
        assertEquals(0, stats.count(SocketRole.UDP, Outcome.APPLICATION));
    }
}
