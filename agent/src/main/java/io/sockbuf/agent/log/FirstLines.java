package io.sockbuf.agent.log;

import io.sockbuf.agent.model.SocketRole;

import java.util.concurrent.atomic.AtomicInteger;

/** At level info, the first few lines of one kind of event per role are written, the rest only counted. */
final class FirstLines {

    static final int PER_ROLE = 3;

    /** By role ordinal (see SocketStats on EnumMaps). */
    private final AtomicInteger[] written = new AtomicInteger[SocketRole.values().length];

    FirstLines() {
        for (int role = 0; role < written.length; role++) {
            written[role] = new AtomicInteger();
        }
    }

    /** Whether {@link #take} could still grant a line (a plain read, for callers deciding whether to read sizes). */
    boolean left(SocketRole role) {
        return written[role.ordinal()].get() < PER_ROLE;
    }

    /** Takes one line: 0 when none is left, else its number (1 to {@link #PER_ROLE}). */
    int take(SocketRole role) {
        AtomicInteger lines = written[role.ordinal()];
        if (lines.get() >= PER_ROLE) {
            return 0; // the common case on a busy server: no write to the shared counter
        }
        int line = lines.incrementAndGet();
        return line <= PER_ROLE ? line : 0;
    }
}
