package io.sockbuf.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code ss -tinmeaH}: one socket per entry, its first line
 * {@code State Recv-Q Send-Q Local Peer ino:N ...}, its continuation line (starting with white
 * space) {@code skmem:(...) ... wscale:S,R rtt:A/B ... delivery_rate Nbps ... busy:Nms
 * rwnd_limited:Nms(P%) sndbuf_limited:Nms(P%)}. Unknown tokens are ignored, so a newer ss adds
 * fields without breaking this.
 */
final class SsParser {

    private static final Pattern INODE = Pattern.compile("\\bino:(\\d+)");
    private static final Pattern RB = Pattern.compile("skmem:\\([^)]*\\brb(\\d+)");
    private static final Pattern TB = Pattern.compile("skmem:\\([^)]*\\btb(\\d+)");
    private static final Pattern WSCALE = Pattern.compile("\\bwscale:(\\d+),(\\d+)");
    private static final Pattern RTT = Pattern.compile("\\brtt:([\\d.]+)/");
    /** Raw bps (iproute2 >= 5.x); older versions print 1.2Mbps, so the unit is read too. */
    private static final Pattern DELIVERY_RATE = Pattern.compile("\\bdelivery_rate ([\\d.]+)([KMG]?)bps");
    private static final Pattern BUSY = Pattern.compile("\\bbusy:(\\d+)ms");
    private static final Pattern RWND_LIMITED = Pattern.compile("\\brwnd_limited:(\\d+)ms\\(([\\d.]+)%\\)");
    private static final Pattern SNDBUF_LIMITED = Pattern.compile("\\bsndbuf_limited:(\\d+)ms\\(([\\d.]+)%\\)");
    private static final Pattern BYTES_ACKED = Pattern.compile("\\bbytes_acked:(\\d+)");
    private static final Pattern BYTES_RECEIVED = Pattern.compile("\\bbytes_received:(\\d+)");

    private SsParser() {
    }

    /** Every entry of the output, in order. */
    static List<SsEntry> parse(String output) {
        List<SsEntry> entries = new ArrayList<>();
        for (String entry : joinContinuationLines(output)) {
            SsEntry parsed = parseEntry(entry);
            if (parsed != null) {
                entries.add(parsed);
            }
        }
        return entries;
    }

    static List<String> joinContinuationLines(String output) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = null;
        for (String line : output.split("\n")) {
            if (line.trim().isEmpty()) {
                continue;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (!continuation) {
                if (current != null) {
                    entries.add(current.toString());
                }
                current = new StringBuilder(line.trim());
            } else if (current != null) {
                current.append(' ').append(line.trim());
            }
        }
        if (current != null) {
            entries.add(current.toString());
        }
        return entries;
    }

    /** One entry (first and continuation lines joined); null when it does not start with the five columns. */
    static SsEntry parseEntry(String text) {
        String[] columns = text.trim().split("\\s+");
        if (columns.length < 5 || !isNumber(columns[1]) || !isNumber(columns[2])) {
            return null;
        }
        SsEntry entry = new SsEntry();
        entry.state = columns[0];
        entry.recvQ = Long.parseLong(columns[1]);
        entry.sendQ = Long.parseLong(columns[2]);
        entry.local = columns[3];
        entry.remote = columns[4];
        entry.inode = longOf(INODE, text);
        entry.rb = longOf(RB, text);
        entry.tb = longOf(TB, text);
        Matcher wscale = WSCALE.matcher(text);
        if (wscale.find()) {
            entry.sendWscale = Integer.parseInt(wscale.group(1));
            entry.receiveWscale = Integer.parseInt(wscale.group(2));
        }
        Matcher rtt = RTT.matcher(text);
        if (rtt.find()) {
            entry.rttMs = Double.parseDouble(rtt.group(1));
        }
        Matcher rate = DELIVERY_RATE.matcher(text);
        if (rate.find()) {
            double value = Double.parseDouble(rate.group(1));
            String unit = rate.group(2);
            double multiplier = unit.equals("K") ? 1e3 : unit.equals("M") ? 1e6 : unit.equals("G") ? 1e9 : 1;
            entry.deliveryRateBps = Math.round(value * multiplier);
        }
        entry.busyMs = longOf(BUSY, text);
        Matcher rwnd = RWND_LIMITED.matcher(text);
        if (rwnd.find()) {
            entry.rwndLimitedMs = Long.parseLong(rwnd.group(1));
            entry.rwndLimitedPct = Double.parseDouble(rwnd.group(2));
        }
        Matcher sndbuf = SNDBUF_LIMITED.matcher(text);
        if (sndbuf.find()) {
            entry.sndbufLimitedMs = Long.parseLong(sndbuf.group(1));
            entry.sndbufLimitedPct = Double.parseDouble(sndbuf.group(2));
        }
        // ss prints neither limit when it is zero; with busy time known, zero is what the kernel says.
        if (entry.busyMs != SsEntry.NONE) {
            if (Double.isNaN(entry.rwndLimitedPct)) {
                entry.rwndLimitedMs = 0;
                entry.rwndLimitedPct = 0;
            }
            if (Double.isNaN(entry.sndbufLimitedPct)) {
                entry.sndbufLimitedMs = 0;
                entry.sndbufLimitedPct = 0;
            }
        }
        entry.bytesAcked = longOf(BYTES_ACKED, text);
        entry.bytesReceived = longOf(BYTES_RECEIVED, text);
        return entry;
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static long longOf(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : SsEntry.NONE;
    }
}
