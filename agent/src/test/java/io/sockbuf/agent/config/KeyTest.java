package io.sockbuf.agent.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every key's parser, as a table: text in, value (or the reason it is refused) out. */
class KeyTest {

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "recv       | 8192      | 8192",
            "recv       | 64k       | 65536",
            "recv       | ' 4M '    | 4194304",
            "send       | 1g        | 1073741824",
            "send       | unset     | 0",
            "recv       | UNSET     | 0",
            "mode       | apply     | APPLY",
            "mode       | ' Observe '| OBSERVE",
            "mode       | auto      | AUTO",
            "mode       | override  | OVERRIDE",
            "log        | DEBUG     | DEBUG",
            "log        | ' warn '  | WARN",
            "log.format | json      | true",
            "log.format | TEXT      | false",
            "jmx        | true      | true",
            "jmx        | False     | false",
            "log.file   | ' /tmp/a.log ' | /tmp/a.log",
            "config     | /etc/sockbuf.properties | /etc/sockbuf.properties",
    })
    void acceptedValues(String name, String text, String expected) {
        assertEquals(expected, String.valueOf(Key.named(name).parse(text, name, new ArrayList<String>())));
    }

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "recv       | 12x    | it is not a number. Expected " + ByteSize.ACCEPTED,
            "send       | -1     | it is negative. Expected " + ByteSize.ACCEPTED,
            "recv       | 1.5m   | 'it has a fraction; sizes are whole numbers: write 1536k instead. Expected " + ByteSize.ACCEPTED + "'",
            "recv       | 0      | it is zero. Expected " + ByteSize.ACCEPTED,
            "mode       | obsrve | expected apply, override, observe or auto (did you mean observe?)",
            "mode       | loud   | expected apply, override, observe or auto",
            "log        | loud   | it is not a log level. Expected warn, info or debug",
            "log.format | xml    | expected text or json",
            "jmx        | yes    | expected true or false",
    })
    void refusedValuesSayWhyAndWhatIsExpected(String name, String text, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Key.named(name).parse(text, name, new ArrayList<String>()));
        assertEquals(reason, refused.getMessage());
    }

    @Test
    void everyKeyHasADefaultAndWhatHappensInstead() {
        assertEquals(Settings.UNSET, Key.RECV.defaultValue());
        assertEquals(Rules.NONE, Key.RULES.defaultValue());
        assertEquals(Mode.APPLY, Key.MODE.defaultValue());
        assertEquals(LogLevel.INFO, Key.LOG.defaultValue());
        assertEquals(Boolean.FALSE, Key.JMX.defaultValue());
        assertEquals(Boolean.FALSE, Key.LOG_FORMAT.defaultValue());
        assertNull(Key.LOG_FILE.defaultValue());
        assertNull(Key.CONFIG.defaultValue());
        assertNull(Key.LOG_FILE.parse("  ", "log.file", new ArrayList<String>()), "a blank log.file is stderr");
        for (Key key : Key.values()) {
            assertEquals(key, Key.named(key.key()));
            assertEquals(key, Key.named("sockbuf." + key.key()));
            assertEquals(key, Key.named("-Dsockbuf." + key.key()));
        }
    }

    @Test
    void theKnownKeysAreListedInTheirUsualOrder() {
        assertEquals(Arrays.asList("recv", "send", "rules", "mode", "log", "log.file", "log.format", "jmx", "config"), Key.names());
        assertNull(Key.named("recieve"));
        assertNull(Key.named("test.failOn"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "recv=8k                      | recv      | 8k",
            "sockbuf.recv=8k              | recv      | 8k",
            "-Dsockbuf.send=16k           | send      | 16k",
            "' log.file =/tmp/a=b.log'    | log.file  | /tmp/a=b.log",
            "rules=client:port=5432:recv=4m | rules   | client:port=5432:recv=4m",
            "recv=                        | recv      | ''",
    })
    void keyValueTakesTheKeyBeforeTheFirstEquals(String text, String key, String value) {
        KeyValue parsed = KeyValue.parse(text);
        assertEquals(key, parsed.key);
        assertEquals(value, parsed.value);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({"recv", "=8k", "sockbuf.=8k", "''"})
    void notKeyValue(String text) {
        assertNull(KeyValue.parse(text));
    }
}
