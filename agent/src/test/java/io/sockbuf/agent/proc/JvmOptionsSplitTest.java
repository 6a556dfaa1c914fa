package io.sockbuf.agent.proc;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JvmOptionsSplitTest {

    @Test
    void anOptionVariableSplitsOnAnyRunOfWhitespaceAsTheJvmReadsIt() {
        assertEquals(Arrays.asList("-javaagent:/opt/sockbuf-agent.jar", "-Dsockbuf.recv=8k", "-Xmx1g"),
                JvmOptions.split("  -javaagent:/opt/sockbuf-agent.jar \t-Dsockbuf.recv=8k\n -Xmx1g  "));
        assertEquals(Collections.singletonList("-Xss1m"), JvmOptions.split("-Xss1m"));
        assertEquals(Collections.emptyList(), JvmOptions.split(" \t "));
    }
}
