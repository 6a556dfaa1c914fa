package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.BufferResult;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.nio.channels.ServerSocketChannel;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The bridge method the defined class's initialiser calls is public and on the boot class path:
 * whatever else hands it an object, the listener calls stay closed (this JVM has no agent, so
 * the class was never defined here).
 */
class ListenerChannelCallTest {

    /** Has the defined class's shape and interfaces, but is not that class in java.base. */
    static final class Impostor implements ObjIntConsumer<Object>, ToIntFunction<Object> {
        int calls;

        @Override
        public void accept(Object channel, int bytes) {
            calls++;
        }

        @Override
        public int applyAsInt(Object channel) {
            calls++;
            return 12345;
        }
    }

    @Test
    void anInstanceThatIsNotTheDefinedClassInJavaBaseIsNotTaken() throws Exception {
        Impostor impostor = new Impostor();
        ListenerChannelCall.defined(impostor);
        ListenerChannelCall.defined(new Object());
        ListenerChannelCall.defined(null);
        ObjIntConsumer<Object> lambda = (channel, bytes) -> { };
        ListenerChannelCall.defined(lambda);

        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            assertFalse(ListenerChannelCall.set(listener, 40960));
            assertEquals(BufferResult.UNKNOWN, ListenerChannelCall.get(listener));
        }
        assertEquals(0, impostor.calls);
    }

    /** Junk, or a lookup outside sun.nio.ch, handed to the public bridge: nothing thrown, nothing defined (ListenerSendIT: the woven constructor still defines it). */
    @Test
    void aLookupThatCannotDefineInSunNioChIsIgnored() throws Exception {
        ListenerChannelCall.learnFrom("not a lookup");
        ListenerChannelCall.learnFrom(null);
        ListenerChannelCall.learnFrom(MethodHandles.lookup());
        ListenerChannelCall.learnFrom(MethodHandles.publicLookup());
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            assertFalse(ListenerChannelCall.set(listener, 40960));
        }
    }
}
