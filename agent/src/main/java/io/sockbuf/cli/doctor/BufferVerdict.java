package io.sockbuf.cli.doctor;

/** One direction of one socket: the kernel's size, whether it is locked, who set it, and how that was inferred. */
final class BufferVerdict {

    static final String TRUE = "true";
    static final String FALSE = "false";
    static final String UNKNOWN = "unknown";

    final boolean receive;
    /** skmem rb or tb; -1 when the source has none. */
    final long bytes;
    /** "true", "false" or "unknown". */
    final String locked;
    /** "agent", "application", "kernel default" or "unknown". */
    final String setBy;
    /** The request (before doubling) that explains the size, when one does; -1 otherwise. */
    final long request;
    final String how;

    BufferVerdict(boolean receive, long bytes, String locked, String setBy, long request, String how) {
        this.receive = receive;
        this.bytes = bytes;
        this.locked = locked;
        this.setBy = setBy;
        this.request = request;
        this.how = how;
    }

    boolean isLocked() {
        return TRUE.equals(locked);
    }
}
