package io.sockbuf.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AgentArgumentsTest {

    @Test
    void aLaterLoadWinsForTheKeysItSetsAndKeepsTheOthers() {
        assertEquals("recv=64k,log=debug,send=16k",
                AgentArguments.merge(AgentArguments.entries("recv=64k,log=debug"), AgentArguments.entries("recv=8k,send=16k")));
    }

    @Test
    void theFirstEntryOfARepeatedKeyCountsAndEmptyArgumentsMergeToNothing() {
        assertEquals("{recv=recv=8k}", AgentArguments.entries("recv=8k,recv=16k").toString());
        assertNull(AgentArguments.merge(AgentArguments.entries(null), AgentArguments.entries("")));
    }
}
