package io.sockbuf.agent.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's entry in the agent arguments. */
class AgentCommandTest {

    @Test
    void theReplyEntryIsSplitOffAndTheSettingsStay() {
        AgentCommand command = AgentCommand.parse("recv=64k,send=32k,cli.reply=/tmp/sockbuf-cli1/answer.txt");
        assertEquals("recv=64k,send=32k", command.agentArguments());
        assertFalse(command.statusOnly());
    }

    @Test
    void statusAloneHasNoSettings() {
        AgentCommand command = AgentCommand.parse("cli.status=/tmp/x/answer.txt");
        assertNull(command.agentArguments());
        assertTrue(command.statusOnly());
    }

    @Test
    void thePathIsTheRestOfTheArgumentsEvenWithCommasOrTheMarkerInIt() {
        AgentCommand command = AgentCommand.parse("rules=client:port=5432:recv=4m,cli.reply=/tmp/a,b/cli.reply=/answer.txt");
        assertEquals("rules=client:port=5432:recv=4m", command.agentArguments());
    }

    @Test
    void argumentsWithoutTheMarkerAreLeftAsTheyAre() {
        assertEquals("recv=64k,log.file=/var/log/cli.reply", AgentCommand.parse("recv=64k,log.file=/var/log/cli.reply").agentArguments());
    }
}
