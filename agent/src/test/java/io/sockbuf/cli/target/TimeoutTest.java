package io.sockbuf.cli.target;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeoutTest {

    @Test
    void theOptionIsTakenOutWhereverItStands() {
        List<String> args = new ArrayList<>(List.of("attach", "42", "--timeout", "2", "recv=8k"));
        assertEquals(2.0, Timeout.take(args));
        assertEquals(List.of("attach", "42", "recv=8k"), args);

        args = new ArrayList<>(List.of("--timeout=0.5", "status", "42"));
        assertEquals(0.5, Timeout.take(args));
        assertEquals(List.of("status", "42"), args);
    }

    @Test
    void withoutTheOptionTheDefaultApplies() {
        assertEquals(Timeout.DEFAULT_SECONDS, Timeout.take(new ArrayList<>(List.of("list"))));
    }

    @Test
    void aValueThatIsNotAPositiveNumberIsRejected() {
        for (List<String> args : List.of(List.of("--timeout"), List.of("--timeout", "0"), List.of("--timeout=-3"),
                List.of("--timeout", "abc"), List.of("--timeout", "NaN"), List.of("--timeout", "Infinity"))) {
            assertTrue(Double.isNaN(Timeout.take(new ArrayList<>(args))), args.toString());
        }
    }

    @Test
    void aRejectedValueIsNamedWithWhatIsAccepted() {
        assertTrue(Timeout.rejection(List.of("--timeout", "1e9", "list")).startsWith("--timeout 1e9 is not accepted: it is how many"
                + " seconds the CLI waits for the other JVM: a number greater than 0 and at most 86400"));
        assertTrue(Timeout.rejection(List.of("list", "--timeout=abc")).startsWith("--timeout abc is not accepted"));
        assertTrue(Timeout.rejection(List.of("list", "--timeout")).startsWith("--timeout needs a value: it is how many seconds"));
    }

    @Test
    void aGiveUpMessageSaysHowFarItGot() {
        AttachProgress progress = new AttachProgress();
        assertTrue(progress.gaveUp("7", 2, true).contains("the agent was not loaded, nothing was changed"));
        progress.attached();
        assertTrue(progress.gaveUp("7", 2, true).startsWith("attached to JVM 7, but it did not answer within 2 s"));
        progress.loadingAgent("17.0.15");
        assertTrue(progress.gaveUp("7", 2, true).contains("The settings may still be applied when it resumes"));
        assertTrue(progress.gaveUp("7", 2, false).contains("Nothing was changed."));
    }
}
