package org.camgate.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A gated camera's recent frames, in memory only, so an opening gate can send readers the video from before
 * its trigger. Holds every track's frames from a keyframe of the video track at or before {@code now - preRoll}
 * (or the oldest keyframe the byte bound leaves), and never more than {@code maxBytes}: the oldest group of
 * pictures goes first; a single group larger than the bound empties the buffer until the next keyframe.
 * Confined to the camera's event loop.
 */
final class PreRollBuffer {
    private final int videoTrack;
    private final long preRollNanos;
    private final long maxBytes;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long bytes;

    /** @param videoTrack the track whose keyframes start a replay, or -1 when there is none (time alone counts) */
    PreRollBuffer(int videoTrack, long preRollNanos, long maxBytes) {
        this.videoTrack = videoTrack;
        this.preRollNanos = preRollNanos;
        this.maxBytes = maxBytes;
    }

    void add(Frame frame) {
        if (frames.isEmpty() && !startsReplay(frame)) {
            return;
        }
        frames.add(frame.retain());
        bytes += frame.bytes();
        while (bytes > maxBytes) {
            if (!dropOldestGroup()) {
                clear();
                return;
            }
        }
        long horizon = frame.createdNanos() - preRollNanos;
        // Drop the oldest group while the next keyframe is still old enough to start a replay.
        while (secondStart() != null && secondStart().createdNanos() <= horizon) {
            dropOldestGroup();
        }
    }

    /**
     * Retained frames for readers when the gate opens at {@code openNanos}: from the last keyframe at or before
     * {@code openNanos - preRoll} (or the oldest held), skipping what readers already got (a gate that reopens
     * soon after closing continues where it stopped). The caller releases them.
     */
    List<Frame> replay(long openNanos) {
        long horizon = openNanos - preRollNanos;
        Frame start = null;
        for (Frame f : frames) {
            if (startsReplay(f) && (start == null || f.createdNanos() <= horizon)) {
                start = f;
            }
        }
        List<Frame> out = new ArrayList<>();
        boolean started = false;
        for (Frame f : frames) {
            started |= f == start;
            if (started) {
                if (f.forwarded()) {
                    out.forEach(Frame::release);
                    out.clear();
                } else {
                    out.add(f.retain());
                }
            }
        }
        return out;
    }

    /** The oldest frame held (not retained), or null. */
    Frame oldest() {
        return frames.peekFirst();
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return frames.size();
    }

    void clear() {
        frames.forEach(Frame::release);
        frames.clear();
        bytes = 0;
    }

    private boolean startsReplay(Frame f) {
        return videoTrack < 0 || f.track() == videoTrack && f.keyframe();
    }

    /** The start of the second group, or null. */
    private Frame secondStart() {
        Iterator<Frame> it = frames.iterator();
        if (!it.hasNext()) {
            return null;
        }
        it.next();
        while (it.hasNext()) {
            Frame f = it.next();
            if (startsReplay(f)) {
                return f;
            }
        }
        return null;
    }

    /** Removes frames up to the second group's start; false when there is only one group. */
    private boolean dropOldestGroup() {
        Frame next = secondStart();
        if (next == null) {
            return false;
        }
        while (frames.peekFirst() != next) {
            Frame f = frames.pollFirst();
            bytes -= f.bytes();
            f.release();
        }
        return true;
    }
}
