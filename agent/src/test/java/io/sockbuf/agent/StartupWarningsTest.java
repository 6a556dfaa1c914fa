package io.sockbuf.agent;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartupWarningsTest {

    private static final String EARLIER_TYPO = "agent argument recieve is not a sockbuf setting and is ignored (did you mean recv?); known: ...";
    private static final String PROPERTY = "-Dsockbuf.log=\"loud\" is not accepted: ...";

    @Test
    void aLaterLoadDoesNotRepeatTheWarningsOfEarlierOnes() {
        List<String> warnings = Arrays.asList(EARLIER_TYPO, PROPERTY);
        assertEquals(Collections.emptyList(), LoadReport.broughtBy(new HashSet<>(Arrays.asList("send")), warnings, warnings));
    }

    @Test
    void aLoadIsWarnedAboutItsOwnKeysEvenWhenAnEarlierLoadMadeTheSameMistake() {
        List<String> warnings = Arrays.asList(EARLIER_TYPO, PROPERTY);
        assertEquals(Arrays.asList(EARLIER_TYPO), LoadReport.broughtBy(new HashSet<>(Arrays.asList("recieve")), warnings, warnings));
        assertEquals(Collections.emptyList(), LoadReport.broughtBy(new HashSet<>(Arrays.asList("recie")), warnings, warnings));
    }

    @Test
    void aNewProblemIsWarned() {
        String fresh = "agent argument mode=\"fats\" is not accepted: ...";
        assertEquals(Arrays.asList(fresh), LoadReport.broughtBy(new HashSet<>(Arrays.asList("send")), Arrays.asList(fresh, PROPERTY), Arrays.asList(PROPERTY)));
    }
}
