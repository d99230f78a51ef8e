package org.camgate.sensor.common;

import java.util.BitSet;

/**
 * Reassembly bookkeeping for frames split across datagrams (LiDAR points, thermal pixels). One frame is assembled at
 * a time: its packets may arrive in any order; a packet of a newer frame abandons an incomplete one (counted by the
 * caller through {@link #abandoned()}); a packet of an older or already completed frame is out of order. Frame ids
 * are unsigned 32-bit and may wrap. Which frame is newer is decided by a {@link SequenceGuard}: a frame id far from
 * the current one ({@link Verdict#SEQUENCE_JUMP}) starts nothing until its sequence continues, so one spoofed packet
 * neither abandons the frame being assembled nor makes the genuine frames after it look late. Memory is bounded by
 * the caller's limit on {@code total}.
 */
final class FrameTracker {
    enum Verdict { ADD, OUT_OF_ORDER, DUPLICATE, INCONSISTENT, SEQUENCE_JUMP }

    private final BitSet received = new BitSet();
    private final SequenceGuard sequence = new SequenceGuard(true);
    private boolean inProgress;
    private int total;
    private int count;
    private long abandoned;

    /**
     * Decides about a packet carrying units {@code [offset, offset + n)} of frame {@code frameId} of {@code total}
     * units; on {@link Verdict#ADD} the units are marked received and the caller copies them.
     */
    Verdict offer(long frameId, int offset, int n, int frameTotal) {
        switch (sequence.offer(frameId)) {
            case NEXT, RESYNC -> {
                if (inProgress) {
                    abandoned++;
                }
                inProgress = true;
                total = frameTotal;
                count = 0;
                received.clear();
            }
            case SAME -> {
                if (!inProgress) {
                    return Verdict.OUT_OF_ORDER;
                }
                if (frameTotal != total) {
                    return Verdict.INCONSISTENT;
                }
            }
            case LATE -> {
                return Verdict.OUT_OF_ORDER;
            }
            case JUMP -> {
                return Verdict.SEQUENCE_JUMP;
            }
        }
        int next = received.nextSetBit(offset);
        if (next >= 0 && next < offset + n) {
            return Verdict.DUPLICATE;
        }
        received.set(offset, offset + n);
        count += n;
        return Verdict.ADD;
    }

    /** True once every unit of the current frame arrived; the frame is then closed. */
    boolean completeAndClose() {
        if (inProgress && count == total) {
            inProgress = false;
            return true;
        }
        return false;
    }

    int total() {
        return total;
    }

    /** The frame id being assembled, or the last one (meaningless before the first packet). */
    long currentFrame() {
        return sequence.current();
    }

    /** Frames given up because a newer one began before they were complete. */
    long abandoned() {
        return abandoned;
    }

    /** Times the frame ids jumped and the new numbering was followed (see {@link SequenceGuard}). */
    long resyncs() {
        return sequence.resyncs();
    }

    /** Forget everything (after a fault: the sensor may have restarted its numbering). */
    void reset() {
        sequence.reset();
        inProgress = false;
        received.clear();
    }
}
