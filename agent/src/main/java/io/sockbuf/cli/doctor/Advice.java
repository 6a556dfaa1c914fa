package io.sockbuf.cli.doctor;

/** One piece of advice: a stable code (scripts match on it), the reason, and the command that applies it. */
final class Advice {

    static final String WINDOW_CAPPED = "window-capped";
    static final String RECV_LOCKED = "recv-locked";
    static final String RWND_LIMITED = "rwnd-limited";
    static final String SNDBUF_LIMITED = "sndbuf-limited";
    static final String SYSCTL_CAP = "sysctl-cap";

    final String code;
    final String text;
    final String command;
    /** window-capped only: window / RTT in bits per second; NaN otherwise. */
    final double capBps;

    Advice(String code, String text, String command) {
        this(code, text, command, Double.NaN);
    }

    Advice(String code, String text, String command, double capBps) {
        this.code = code;
        this.text = text;
        this.command = command;
        this.capBps = capBps;
    }
}
