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

    private static ConfigSource source(String name, String... keyValues) {
        return MapSource.of(name, keyValues);
    }

    @Test
    void readsSizesAndRemembersWhereTheyCameFrom() {
        Settings settings = SettingsReader.read(Arrays.asList(source("props", "recv", "8k", "send", "16384")));
        assertEquals(8192, settings.receiveBuffer());
        assertEquals(16384, settings.sendBuffer());
        assertEquals("props recv=8k", settings.receiveOrigin());
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
        assertEquals("second send=2m", settings.sendOrigin());
    }

    @Test
    void aBadSizeLeavesThatDirectionAloneWithOneWarning() {
        Settings settings = SettingsReader.read(Arrays.asList(source("props", "recv", "12x", "send", "4k")));
        assertEquals(Settings.UNSET, settings.receiveBuffer());
        assertNull(settings.receiveOrigin());
        assertEquals(4096, settings.sendBuffer());
        assertEquals(1, settings.warnings().size());
        assertEquals("props recv=\"12x\" is not accepted: it is not a number. Expected " + ByteSize.ACCEPTED
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
    void aLowerCaseEnvironmentVariableIsWarnedAboutWithTheUpperCaseName() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SOCKBUF_recv", "64k");
        Settings settings = SettingsReader.fromJvm(null, environment);
        assertEquals(Settings.UNSET, settings.receiveBuffer(), "the environment is case-sensitive: not read");
        assertEquals(1, settings.warnings().size(), settings.warnings().toString());
        String warning = settings.warnings().get(0);
        assertTrue(warning.startsWith("environment variable SOCKBUF_recv (names are upper case) is not a sockbuf setting and is ignored"
                + " (did you mean SOCKBUF_RECV?)"), warning);
    }

    @Test
    void warningsAboutEnvironmentVariablesComeInTheEnvironmentsOrder() {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        environment.put("PATH", "/bin");
        for (String name : Arrays.asList("SOCKBUF_ZZZ", "SOCKBUF_Send", "SOCKBUF_AAA", "SOCKBUF_mode", "SOCKBUF_QQ")) {
            environment.put(name, "1");
        }
        java.util.List<String> named = new java.util.ArrayList<>();
        for (String warning : SettingsReader.fromJvm(null, environment).warnings()) {
            named.add(warning.replaceFirst("^environment variable (SOCKBUF_\\w+).*", "$1").replaceFirst("^(SOCKBUF_\\w+) is not.*", "$1"));
        }
        // Case problems first (each source's problems, then its unknown keys), each group in the environment's order.
        assertEquals(Arrays.asList("SOCKBUF_Send", "SOCKBUF_mode", "SOCKBUF_ZZZ", "SOCKBUF_AAA", "SOCKBUF_QQ"), named);
    }

    @Test
    void hintsNameTheClosestKeyAsTheSourceSpellsIt() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SOCKBUF_LOGFILE", "/tmp/x.log");
        Settings fromEnvironment = SettingsReader.fromJvm(null, environment);
        assertTrue(fromEnvironment.warnings().get(0).contains("(did you mean SOCKBUF_LOG_FILE?)"), fromEnvironment.warnings().toString());
        Settings fromArgument = SettingsReader.fromJvm("log.level=debug", new HashMap<>());
        assertTrue(fromArgument.warnings().get(0).startsWith("agent argument log.level is not a sockbuf setting and is ignored (did you mean log?)"),
                fromArgument.warnings().toString());
        assertEquals("log", Closest.to("log.level", Arrays.asList("recv", "log", "log.file", "log.format")));
        assertEquals("log.file", Closest.to("log.fil", Arrays.asList("recv", "log", "log.file", "log.format")));
    }

    @Test
    void aMistypedModeGetsTheClosestName() {
        Settings settings = SettingsReader.read(Arrays.asList(source("p", "mode", "obsrve")));
        assertEquals(Mode.APPLY, settings.mode());
        assertTrue(settings.warnings().get(0).contains("expected apply, override, observe or auto (did you mean observe?). Using apply."),
                settings.warnings().toString());
        assertEquals("default (p mode=obsrve was not accepted)", settings.origin("mode"));
    }

    @Test
    void theAgentArgumentTakesTheSockbufPrefixLikeTheOtherSources() {
        Settings settings = SettingsReader.fromJvm("sockbuf.recv=8k,-Dsockbuf.send=16k", new HashMap<>());
        assertEquals(8192, settings.receiveBuffer());
        assertEquals(16384, settings.sendBuffer());
        assertTrue(settings.warnings().isEmpty(), settings.warnings().toString());
    }

    @Test
    void unsetReturnsADirectionToLeftAloneOverALowerSource() {
        Settings settings = SettingsReader.read(Arrays.asList(source("arg", "recv", "unset"), source("prop", "recv", "8k", "send", "4k")));
        assertEquals(Settings.UNSET, settings.receiveBuffer());
        assertEquals("arg recv=unset", settings.receiveOrigin());
        assertEquals("unset", settings.written("recv"));
        assertEquals(4096, settings.sendBuffer());
        assertEquals("4k", settings.written("send"));
        assertTrue(settings.warnings().isEmpty(), settings.warnings().toString());
    }

    @Test
    void editDistanceFindsLikelyTypos() {
        assertEquals(3, SettingsReader.editDistance("recieve", "recv"));
        assertEquals(2, SettingsReader.editDistance("sned", "send"));
        assertEquals(0, SettingsReader.editDistance("log", "log"));
    }
}
