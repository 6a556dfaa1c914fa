package io.sockbuf.cli.doctor;

/** What changed on one connection between two samples (--watch); NaN where a counter is missing. */
final class Rates {

    final double seconds;
    final double sentBps;
    final double receivedBps;
    final double rwndLimitedPct;
    final double sndbufLimitedPct;

    private Rates(double seconds, double sentBps, double receivedBps, double rwndLimitedPct, double sndbufLimitedPct) {
        this.seconds = seconds;
        this.sentBps = sentBps;
        this.receivedBps = receivedBps;
        this.rwndLimitedPct = rwndLimitedPct;
        this.sndbufLimitedPct = sndbufLimitedPct;
    }

    static Rates between(SsEntry before, SsEntry now, double seconds) {
        double busy = delta(before.busyMs, now.busyMs);
        return new Rates(seconds, delta(before.bytesAcked, now.bytesAcked) * 8 / seconds,
                delta(before.bytesReceived, now.bytesReceived) * 8 / seconds,
                share(delta(before.rwndLimitedMs, now.rwndLimitedMs), busy),
                share(delta(before.sndbufLimitedMs, now.sndbufLimitedMs), busy));
    }

    private static double delta(long before, long now) {
        return before < 0 || now < 0 ? Double.NaN : now - before;
    }

    /** Busy time that did not grow: nothing was limited in the interval. */
    private static double share(double limited, double busy) {
        if (Double.isNaN(limited) || Double.isNaN(busy)) {
            return Double.NaN;
        }
        return busy <= 0 ? 0 : Math.min(100, 100 * limited / busy);
    }
}
