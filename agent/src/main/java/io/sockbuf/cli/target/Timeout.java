package io.sockbuf.cli.target;

import java.util.List;

/** The CLI's {@code --timeout S} option (also {@code --timeout=S}): how long any command waits for another JVM. */
public final class Timeout {

    public static final double DEFAULT_SECONDS = 15;
    private static final String OPTION = "--timeout";

    private Timeout() {
    }

    /**
     * Removes the option from {@code args} wherever it stands.
     *
     * @return the seconds given, the default when absent, or NaN when the value is not a positive number
     */
    public static double take(List<String> args) {
        double seconds = DEFAULT_SECONDS;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value;
            if (arg.equals(OPTION)) {
                value = i + 1 < args.size() ? args.remove(i + 1) : "";
            } else if (arg.startsWith(OPTION + "=")) {
                value = arg.substring(OPTION.length() + 1);
            } else {
                continue;
            }
            args.remove(i--);
            seconds = parse(value);
        }
        return seconds;
    }

    private static double parse(String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds > 0 && seconds <= 86400 && !Double.isNaN(seconds) ? seconds : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Why {@link #take} refused the value in {@code arguments}: names the option, the value as given
     * and what is accepted ("--timeout 1e9 is not accepted: ...").
     */
    public static String rejection(List<String> arguments) {
        String value = null;
        for (int i = 0; i < arguments.size(); i++) {
            String arg = arguments.get(i);
            if (arg.equals(OPTION)) {
                value = i + 1 < arguments.size() ? arguments.get(i + 1) : "";
            } else if (arg.startsWith(OPTION + "=")) {
                value = arg.substring(OPTION.length() + 1);
            }
        }
        String accepted = "it is how many seconds the CLI waits for the other JVM: a number greater than 0 and at most 86400 (24 h),"
                + " fractions allowed (e.g. --timeout 30, --timeout 0.5)";
        return value == null || value.trim().isEmpty() ? OPTION + " needs a value: " + accepted
                : OPTION + " " + value + " is not accepted: " + accepted;
    }

    /** "2", "0.5". */
    public static String format(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
