package io.sockbuf.agent.config;

import java.util.Locale;

/** Parses buffer sizes such as {@code 8192}, {@code 64k}, {@code 4m}: bytes, 1024-based suffixes. */
public final class ByteSize {

    public static final String ACCEPTED =
            "a whole number of bytes from 1 to 2147483647, optionally followed by k, m or g (1024-based), e.g. 8192, 64k, 4m";
    /** The value that returns a direction to "left alone" at run time ({@code attach PID recv=unset}, JMX). */
    public static final String UNSET_WORD = "unset";
    private static final String TOO_LARGE = "it is larger than 2147483647 bytes";

    private ByteSize() {
    }

    /**
     * Returns the size in bytes.
     *
     * @throws IllegalArgumentException with a short reason when the text is not an accepted size
     */
    public static int parse(String text) {
        if (text == null || text.trim().isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        String value = text.trim();
        if (value.startsWith("-")) {
            throw new IllegalArgumentException("it is negative");
        }
        int end = 0;
        while (end < value.length() && isDigitOrDot(value.charAt(end))) {
            end++;
        }
        String number = value.substring(0, end);
        String suffix = value.substring(end);
        long multiplier = multiplier(suffix, number);
        if (number.isEmpty() || number.startsWith(".") || number.endsWith(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            throw new IllegalArgumentException("it is not a number");
        }
        if (number.indexOf('.') >= 0) {
            throw new IllegalArgumentException("it has a fraction; sizes are whole numbers" + wholeAlternative(number, multiplier));
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(digits(number), multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(TOO_LARGE);
        }
        if (bytes == 0) {
            throw new IllegalArgumentException("it is zero");
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(TOO_LARGE);
        }
        return (int) bytes;
    }

    /**
     * {@link #parse}, or {@code 0} for {@value #UNSET_WORD} (any case): the direction is left alone
     * again. For recv and send at run time; a rule's size is always a size.
     */
    public static int parseOrUnset(String text) {
        return text != null && text.trim().equalsIgnoreCase(UNSET_WORD) ? Settings.UNSET : parse(text);
    }

    /** 1, 1024, 1024^2 or 1024^3 for "", k, m, g (any case); a reason for spellings such as mb, KiB, b. */
    private static long multiplier(String suffix, String number) {
        String unit = suffix.toLowerCase(Locale.ROOT);
        switch (unit) {
            case "":
                return 1;
            case "k":
                return 1L << 10;
            case "m":
                return 1L << 20;
            case "g":
                return 1L << 30;
            case "kb": case "mb": case "gb": case "kib": case "mib": case "gib":
                throw new IllegalArgumentException("the unit is written " + unit.charAt(0) + ", not " + suffix
                        + (number.isEmpty() ? "" : " (" + number + unit.charAt(0) + ")"));
            case "b":
                throw new IllegalArgumentException("a size in bytes takes no unit (" + number + ", not " + number + suffix + ")");
            default:
                throw new IllegalArgumentException("it is not a number");
        }
    }

    private static boolean isDigitOrDot(char c) {
        return c >= '0' && c <= '9' || c == '.';
    }

    /** Exact value of the digits, or Long.MAX_VALUE once it is past any accepted size (no overflow). */
    private static long digits(String number) {
        long value = 0;
        for (int i = 0; i < number.length(); i++) {
            value = value * 10 + (number.charAt(i) - '0');
            if (value > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return value;
    }

    /** " (1536k)" for 1.5m when the fraction is a whole number of bytes, else "". */
    private static String wholeAlternative(String number, long multiplier) {
        int dot = number.indexOf('.');
        String fraction = number.substring(dot + 1);
        if (multiplier == 1 || fraction.length() > 9 || dot > 9) {
            return "";
        }
        long scale = 1;
        for (int i = 0; i < fraction.length(); i++) {
            scale *= 10;
        }
        long scaled = Long.parseLong(number.substring(0, dot).isEmpty() ? "0" : number.substring(0, dot)) * scale
                + Long.parseLong(fraction);
        long bytesTimesScale = scaled * multiplier;
        if (bytesTimesScale % scale != 0) {
            return "";
        }
        return ": write " + format(bytesTimesScale / scale, true) + " instead";
    }

    /** Formats bytes the way a user would write them: 8192, 64k, 4m. */
    public static String format(long bytes) {
        return format(bytes, false);
    }

    private static String format(long bytes, boolean kibibytesBelow64k) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0 && (kibibytesBelow64k || bytes >= 1L << 16)) {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }
}
