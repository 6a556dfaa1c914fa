package io.sockbuf.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteSizeTest {

    @ParameterizedTest(name = "\"{0}\" = {1} bytes")
    @CsvSource({
            "8192, 8192",
            "1, 1",
            "64k, 65536",
            "64K, 65536",
            "4m, 4194304",
            "4M, 4194304",
            "1g, 1073741824",
            "' 16k ', 16384",
            "2147483647, 2147483647",
            "2097151k, 2147482624"})
    void acceptsBytesAnd1024BasedSuffixes(String text, int bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource({
            "-1, it is negative",
            "-4k, it is negative",
            "0, it is zero",
            "0k, it is zero",
            "abc, it is not a number",
            "12x, it is not a number",
            "k, it is not a number",
            "0x10, it is not a number",
            "'1 k', it is not a number",
            "99999999999, it is larger than 2147483647 bytes",
            "2g, it is larger than 2147483647 bytes",
            "2048m, it is larger than 2147483647 bytes",
            "99999999999999999999999, it is larger than 2147483647 bytes",
            "9999999999g, it is larger than 2147483647 bytes",
            "8589934593g, it is larger than 2147483647 bytes",
            "8589934592g, it is larger than 2147483647 bytes",
            "2097152k, it is larger than 2147483647 bytes",
            "2147483648, it is larger than 2147483647 bytes",
            "17179869184k, it is larger than 2147483647 bytes",
            "1.5m, 'it has a fraction; sizes are whole numbers: write 1536k instead'",
            "0.5k, 'it has a fraction; sizes are whole numbers: write 512 instead'",
            "1.5, 'it has a fraction; sizes are whole numbers'",
            "1.2.3k, it is not a number",
            "10mb, 'the unit is written m, not mb (10m)'",
            "8KiB, 'the unit is written k, not KiB (8k)'",
            "4GB, 'the unit is written g, not GB (4g)'",
            "8192b, 'a size in bytes takes no unit (8192, not 8192b)'"})
    void rejectsWhatIsNotAPositiveSizeWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void unsetIsAcceptedOnlyWhereADirectionCanBeReturnedToLeftAlone() {
        assertEquals(Settings.UNSET, ByteSize.parseOrUnset("unset"));
        assertEquals(Settings.UNSET, ByteSize.parseOrUnset(" UNSET "));
        assertEquals(16384, ByteSize.parseOrUnset("16k"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("unset"));
    }

    @Test
    void rejectsEmptyAndBlank() {
        assertEquals("it is empty", assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("")).getMessage());
        assertEquals("it is empty", assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("  ")).getMessage());
        assertEquals("it is empty", assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(null)).getMessage());
    }

    @Test
    void theAcceptedFormIsSpelledOutForWarnings() {
        assertTrue(ByteSize.ACCEPTED.contains("1 to 2147483647") && ByteSize.ACCEPTED.contains("k, m or g"));
    }
}
