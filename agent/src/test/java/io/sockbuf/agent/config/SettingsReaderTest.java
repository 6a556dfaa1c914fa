package io.sockbuf.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsReaderTest {

    /** A source backed by a map, named like a second kind of source would be. */
    private static ConfigSource source(String name, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ConfigSource() {
            @Override
            public String get(String key) {
                return values.get(key);
            }

            @Override
            public java.util.Collection<String> keys() {
                return java.util.Collections.emptyList();
            }

            @Override
            public String describe(String key) {
                return name + ":" + key;
            }
        };
    }

    @Test
    void readsSizesAndRemembersWhereTheyCameFrom() {
        Settings settings = SettingsReader.read(Arrays.asList(source("props", "recv", "8k", "send", "16384")));
        assertEquals(8192, settings.receiveBuffer());
        assertEquals(16384, settings.sendBuffer());
        assertEquals("props:recv=8k", settings.receiveOrigin());
        assertEquals(LogLevel.INFO, settings.logLevel());
        assertTrue(settings.warnings().isEmpty());
        assertTrue(settings.sizesAnything());
    }

    @Test
    void theFirstSourceThatSetsAKeyWins() {
        Settings settings = SettingsReader.read(Arrays.asList(
                source("first", "recv", "8k"), source("second", "recv", "1m", "send", "2m")));
        assertEquals(8192, settings.receiveBuffer());
        assertEquals(2 * 1024 * 1024, settings.sendBuffer());
        assertEquals("second:send=2m", settings.sendOrigin());
    }

    @Test
    void aBadSizeLeavesThatDirectionAloneWithOneWarning() {
        Settings settings = SettingsReader.read(Arrays.asList(source("props", "recv", "12x", "send", "4k")));
        assertEquals(Settings.UNSET, settings.receiveBuffer());
        assertNull(settings.receiveOrigin());
        assertEquals(4096, settings.sendBuffer());
        assertEquals(1, settings.warnings().size());
        assertEquals("props:recv=\"12x\" is not accepted: it is not a number. Expected " + ByteSize.ACCEPTED
                + ". Receive buffers (SO_RCVBUF) are left alone.", settings.warnings().get(0));
    }

    @Test
    void nothingSetMeansNothingToSize() {
        Settings settings = SettingsReader.read(Arrays.asList(source("props")));
        assertFalse(settings.sizesAnything());
        assertTrue(settings.warnings().isEmpty());
    }

    @Test
    void logLevelsAreCaseInsensitiveAndABadOneFallsBackToInfo() {
        assertEquals(LogLevel.DEBUG, SettingsReader.read(Arrays.asList(source("p", "log", "DEBUG"))).logLevel());
        assertEquals(LogLevel.WARN, SettingsReader.read(Arrays.asList(source("p", "log", " warn "))).logLevel());
        Settings bad = SettingsReader.read(Arrays.asList(source("p", "log", "loud")));
        assertEquals(LogLevel.INFO, bad.logLevel());
        assertEquals(1, bad.warnings().size());
    }

    @Test
    void editDistanceFindsLikelyTypos() {
        assertEquals(3, SettingsReader.editDistance("recieve", "recv"));
        assertEquals(2, SettingsReader.editDistance("sned", "send"));
        assertEquals(0, SettingsReader.editDistance("log", "log"));
    }
}
