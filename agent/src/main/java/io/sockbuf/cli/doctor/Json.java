package io.sockbuf.cli.doctor;

import java.util.Locale;

/** A hand-written JSON object writer (the agent jar takes no dependency for one output format). */
final class Json {

    private final StringBuilder text = new StringBuilder();
    private boolean first = true;

    Json() {
        text.append('{');
    }

    Json field(String name, String value) {
        return raw(name, value == null ? "null" : quote(value));
    }

    Json field(String name, long value) {
        return raw(name, value < 0 ? "null" : Long.toString(value));
    }

    Json field(String name, double value) {
        return raw(name, Double.isNaN(value) || Double.isInfinite(value) ? "null" : number(value));
    }

    /** "true"/"false" as JSON booleans, anything else as a string. */
    Json flag(String name, String value) {
        return raw(name, value.equals("true") || value.equals("false") ? value : quote(value));
    }

    /** An already-encoded value (an object or array). */
    Json raw(String name, String json) {
        text.append(first ? "" : ",").append(quote(name)).append(':').append(json);
        first = false;
        return this;
    }

    String end() {
        return text.append('}').toString();
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
