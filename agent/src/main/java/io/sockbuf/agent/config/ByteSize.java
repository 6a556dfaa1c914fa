package io.sockbuf.agent.config;

/** Parses buffer sizes such as {@code 8192}, {@code 64k}, {@code 4m}: bytes, 1024-based suffixes. */
public final class ByteSize {

    public static final String ACCEPTED =
            "a whole number of bytes from 1 to 2147483647, optionally followed by k, m or g (1024-based), e.g. 8192, 64k, 4m";

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
        long multiplier = 1;
        char last = Character.toLowerCase(value.charAt(value.length() - 1));
        if (last == 'k' || last == 'm' || last == 'g') {
            multiplier = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty() || !allDigits(value)) {
            throw new IllegalArgumentException(value.startsWith("-") ? "it is negative" : "it is not a number");
        }
        if (value.length() > 12) {
            throw new IllegalArgumentException("it is larger than 2147483647 bytes");
        }
        long bytes = Long.parseLong(value) * multiplier;
        if (bytes == 0) {
            throw new IllegalArgumentException("it is zero");
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("it is larger than 2147483647 bytes");
        }
        return (int) bytes;
    }

    /** Formats bytes the way a user would write them: 8192, 64k, 4m. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0 && bytes >= 1L << 16) {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }

    private static boolean allDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
