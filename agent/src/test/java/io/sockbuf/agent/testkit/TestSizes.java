package io.sockbuf.agent.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sizes most forked-JVM tests give the agent: chosen to differ from every kernel default, so
 * an unsized socket fails the test.
 */
public final class TestSizes {

    public static final int RECV = 24 * 1024;
    public static final int SEND = 40 * 1024;
    /** {@code -Dsockbuf.recv=24k -Dsockbuf.send=40k}. */
    public static final String[] AGENT = {"-Dsockbuf.recv=24k", "-Dsockbuf.send=40k"};

    private TestSizes() {
    }

    /** {@link #AGENT} and these further options. */
    public static String[] agentWith(String... more) {
        List<String> options = new ArrayList<>(Arrays.asList(AGENT));
        options.addAll(Arrays.asList(more));
        return options.toArray(new String[0]);
    }
}
