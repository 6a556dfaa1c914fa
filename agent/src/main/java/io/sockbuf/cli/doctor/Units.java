package io.sockbuf.cli.doctor;

import java.util.Locale;

/** Numbers as doctor prints them. */
final class Units {

    private Units() {
    }

    /** Bits per second: 812 kbit/s, 1.31 Gbit/s. */
    static String bitsPerSecond(double bps) {
        if (Double.isNaN(bps)) {
            return "?";
        }
        if (bps >= 1e9) {
            return format(bps / 1e9) + " Gbit/s";
        }
        if (bps >= 1e6) {
            return format(bps / 1e6) + " Mbit/s";
        }
        if (bps >= 1e3) {
            return format(bps / 1e3) + " kbit/s";
        }
        return format(bps) + " bit/s";
    }

    static String millis(double ms) {
        return Double.isNaN(ms) ? "?" : format(ms) + " ms";
    }

    static String percent(double pct) {
        return Double.isNaN(pct) ? "?" : String.format(Locale.ROOT, "%.1f %%", pct);
    }

    /** Three significant digits at most, no exponent. */
    static String format(double value) {
        if (value >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : value >= 1 ? "%.2f" : "%.3f", value);
    }
}
