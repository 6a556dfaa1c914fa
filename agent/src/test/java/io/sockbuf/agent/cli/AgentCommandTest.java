package io.sockbuf.agent.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's entry in the agent arguments, and the CLI's checks of one setting. */
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

    @Test
    void settingsAreKeyValueWithCheckedSizes() {
        List<String> settings = new ArrayList<>();
        assertNull(SockbufCli.checkSetting("recv=64k", settings));
        assertNull(SockbufCli.checkSetting("-Dsockbuf.send=1m", settings));
        assertNull(SockbufCli.checkSetting("sockbuf.mode=observe", settings));
        assertEquals(List.of("recv=64k", "send=1m", "mode=observe"), settings);

        assertEquals("\"recv\" is not key=value (e.g. recv=256k)", SockbufCli.checkSetting("recv", settings));
        assertEquals("recv=\"-1\" is not accepted: it is negative. Expected a whole number of bytes from 1 to 2147483647,"
                + " optionally followed by k, m or g (1024-based), e.g. 8192, 64k, 4m", SockbufCli.checkSetting("recv=-1", settings));
        assertEquals("\"cli.reply=/x\" is reserved for the CLI itself", SockbufCli.checkSetting("cli.reply=/x", settings));
        assertEquals("\"recv=8k,send=8k\" contains a comma; give each setting as its own argument",
                SockbufCli.checkSetting("recv=8k,send=8k", settings));
        assertEquals(3, settings.size());
    }
}
