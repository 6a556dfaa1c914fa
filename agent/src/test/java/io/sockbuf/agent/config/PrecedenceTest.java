package io.sockbuf.agent.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which source wins for each key, and that every key records where its value came from: the
 * order a running JVM reads (run-time overrides, first load's arguments, then the JVM's own sources).
 */
class PrecedenceTest {

    private static ConfigSource source(String name, String... keyValues) {
        return MapSource.of(name, keyValues);
    }

    private static Settings read(ConfigSource... sources) {
        return SettingsReader.read(Arrays.asList(sources));
    }

    @Test
    void everyKeyRecordsItsOriginOrDefault() {
        Settings settings = read(source("arg", "recv", "8k", "mode", "observe", "log", "debug", "jmx", "true",
                "log.format", "json", "log.file", "/tmp/x.log", "rules", "udp:recv=1m"));
        assertEquals("arg recv=8k", settings.origin(Key.RECV));
        assertEquals("default", settings.origin(Key.SEND));
        assertEquals("arg mode=observe", settings.origin(Key.MODE));
        assertEquals("arg log=debug", settings.origin(Key.LOG));
        assertEquals("arg jmx=true", settings.origin(Key.JMX));
        assertEquals("arg log.format=json", settings.origin(Key.LOG_FORMAT));
        assertEquals("arg log.file=/tmp/x.log", settings.origin(Key.LOG_FILE));
        assertEquals("arg rules=udp:recv=1m", settings.origin(Key.RULES));
        assertEquals("default", settings.origin(Key.CONFIG));
        assertEquals("/tmp/x.log", settings.logFile());
        assertTrue(settings.jmx() && settings.logAsJson());
        assertEquals(LogLevel.DEBUG, settings.logLevel());
    }

    @Test
    void aRefusedValueIsTheDefaultAndSaysSo() {
        Settings settings = read(source("arg", "jmx", "yes"), source("prop", "jmx", "true"));
        assertEquals(false, settings.jmx(), "the first source's value is refused; a lower source does not fill in");
        assertEquals("default (arg jmx=yes was not accepted)", settings.origin(Key.JMX));
        assertEquals(Arrays.asList("arg jmx=\"yes\" is not accepted: expected true or false. JMX stays off."), settings.warnings());
    }

    @Test
    void runTimeOverridesComeFirstAndTheNewestSettingOfAKeyWins() {
        ConfigSource firstLoad = new AgentArgumentSource("recv=8k,send=8k,mode=observe");
        RuntimeOverrides overrides = RuntimeOverrides.NONE
                .with(new AgentArgumentSource("recv=16k,log=warn"))
                .with(Key.RECV, "64k", "JMX ReceiveBuffer")
                .with(new AgentArgumentSource("send=32k"));
        Settings settings = read(overrides, firstLoad, source("-D", "recv", "1m", "send", "1m", "mode", "auto", "log", "debug"));
        assertEquals(65536, settings.receiveBuffer());
        assertEquals("JMX ReceiveBuffer=64k", settings.receiveOrigin());
        assertEquals(32768, settings.sendBuffer());
        assertEquals("agent argument send=32k", settings.sendOrigin());
        assertEquals(Mode.OBSERVE, settings.mode());
        assertEquals("agent argument mode=observe", settings.origin(Key.MODE));
        assertEquals(LogLevel.WARN, settings.logLevel());
        assertEquals("agent argument log=warn", settings.origin(Key.LOG));
        assertTrue(settings.warnings().isEmpty(), settings.warnings().toString());
    }

    @Test
    void aLaterLoadOfAKeyReplacesAJmxWriteOfIt() {
        RuntimeOverrides overrides = RuntimeOverrides.NONE.with(Key.RECV, "64k", "JMX ReceiveBuffer")
                .with(new AgentArgumentSource("recv=unset"));
        Settings settings = read(overrides, new AgentArgumentSource("recv=8k"));
        assertEquals(Settings.UNSET, settings.receiveBuffer());
        assertEquals("agent argument recv=unset", settings.receiveOrigin());
    }

    @Test
    void theConfigFileComesLastAndIsNamedByAnySource(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        java.nio.file.Path file = directory.resolve("sockbuf.properties");
        java.nio.file.Files.write(file, Arrays.asList("sockbuf.recv=4k", "send=2k", "mode=auto"));
        Settings settings = read(source("arg", "send", "16k"), source("env", "config", file.toString()));
        assertEquals(4096, settings.receiveBuffer());
        assertEquals(file + ": recv=4k", settings.receiveOrigin());
        assertEquals("arg send=16k", settings.sendOrigin());
        assertEquals(file + ": mode=auto", settings.origin(Key.MODE));
        assertEquals("env config=" + file, settings.origin(Key.CONFIG));
        assertEquals(Arrays.asList(file + ": recv=4k is ignored in auto mode, which leaves every receive buffer to Linux's autotuning."),
                settings.warnings());
    }

    @Test
    void unknownKeysOfEverySourceAreWarnedOnceEach() {
        RuntimeOverrides overrides = RuntimeOverrides.NONE.with(new AgentArgumentSource("colour=blue"));
        Settings settings = read(overrides, new AgentArgumentSource("colour=red,recieve=8k"));
        assertEquals(2, settings.warnings().size(), settings.warnings().toString());
        assertTrue(settings.warnings().get(0).startsWith("agent argument colour is not a sockbuf setting and is ignored; known: recv, send,"),
                settings.warnings().toString());
        assertTrue(settings.warnings().get(1).startsWith("agent argument recieve is not a sockbuf setting and is ignored (did you mean recv?)"),
                settings.warnings().toString());
    }

    @Test
    void oneLoadsFormProblemsAreItsOwn() {
        AgentArgumentSource load = new AgentArgumentSource("recv=8k,debug,recv=16k");
        assertEquals(Arrays.asList("agent argument \"debug\" is not key=value (e.g. -javaagent:sockbuf-agent.jar=recv=8k,send=16k); it is ignored.",
                "agent argument recv is given twice; the first (recv=8k) is used."), load.problems());
        assertEquals("8k", load.get("recv"));
        Settings settings = read(RuntimeOverrides.NONE.with(load));
        assertTrue(settings.warnings().isEmpty(), "read again later, a load's form problems are not repeated: " + settings.warnings());
    }

    @Test
    void theJvmSourcesFollowInTheirOrder() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SOCKBUF_SEND", "2k");
        environment.put("SOCKBUF_RECV", "1k");
        List<ConfigSource> first = new ArrayList<>();
        first.add(new AgentArgumentSource("recv=8k"));
        Settings settings = SettingsReader.read(SettingsReader.withJvmSources(first, environment));
        assertEquals("agent argument recv=8k", settings.receiveOrigin());
        assertEquals("SOCKBUF_SEND=2k", settings.sendOrigin());
        assertNull(settings.written("config"));
    }
}
