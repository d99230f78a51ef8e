package org.camgate.sensor;

import java.util.BitSet;

/**
 * Reassembly bookkeeping for frames split across datagrams (LiDAR points, thermal pixels). One frame is assembled at
 * a time: its packets may arrive in any order; a packet of a newer frame abandons an incomplete one (counted by the
 * caller through {@link #abandoned()}); a packet of an older or already completed frame is out of order. Frame ids
 * are unsigned 32-bit and may wrap. Memory is bounded by the caller's limit on {@code total}.
 */
final class FrameTracker {
    enum Verdict { ADD, OUT_OF_ORDER, DUPLICATE, INCONSISTENT }

    private final BitSet received = new BitSet();
    private boolean any;
    private long newest;
    private boolean inProgress;
    private int total;
    private int count;
    private long abandoned;

    /**
     * Decides about a packet carrying units {@code [offset, offset + n)} of frame {@code frameId} of {@code total}
     * units; on {@link Verdict#ADD} the units are marked received and the caller copies them.
     */
    Verdict offer(long frameId, int offset, int n, int frameTotal) {
        if (!any || newer(frameId, newest)) {
            if (inProgress) {
                abandoned++;
            }
            any = true;
            newest = frameId;
            inProgress = true;
            total = frameTotal;
            count = 0;
            received.clear();
        } else if (frameId != newest || !inProgress) {
            return Verdict.OUT_OF_ORDER;
        } else if (frameTotal != total) {
            return Verdict.INCONSISTENT;
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

    /** Frames given up because a newer one began before they were complete. */
    long abandoned() {
        return abandoned;
    }

    /** Forget everything (after a fault: the sensor may have restarted its numbering). */
    void reset() {
        any = false;
        inProgress = false;
        received.clear();
    }

    private static boolean newer(long a, long b) {
        return (int) (a - b) > 0;
    }
}
