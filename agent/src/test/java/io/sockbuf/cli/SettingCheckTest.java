package io.sockbuf.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The CLI's checks of one setting before it is sent. */
class SettingCheckTest {

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
