package org.camgate.sim.load;

/**
 * Counts RTP packets lost on one track from gaps in sequence numbers (RFC 3550 A.1, simplified
 * for TCP, where packets are never reordered). Sequence numbers wrap at 65536. Packets before the
 * first one received do not count, so a reader may join mid-stream. A packet that goes backwards
 * (a duplicate or a restarted sender) is counted as received, not as a loss.
 */
final class SequenceGaps {
    private static final int HALF = 0x8000;

    private boolean started;
    private int last;
    private long lost;

    /** Takes the next packet's sequence number; returns how many packets were missing before it. */
    long onPacket(int sequenceNumber) {
        int seq = sequenceNumber & 0xffff;
        if (!started) {
            started = true;
            last = seq;
            return 0;
        }
        int delta = (seq - last) & 0xffff;
        if (delta == 0 || delta >= HALF) {
            return 0;
        }
        last = seq;
        lost += delta - 1;
        return delta - 1;
    }

    long lost() {
        return lost;
    }
}
