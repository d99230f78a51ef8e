package org.camgate.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of every track since the last keyframe of the video track, so a reader that joins
 * mid-stream starts with a picture at once. Bounded in bytes: a GOP that outgrows the bound is
 * dropped and the cache waits for the next keyframe.
 */
final class GopCache {
    private final int videoTrack;
    private final long maxBytes;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long bytes;

    GopCache(int videoTrack, long maxBytes) {
        this.videoTrack = videoTrack;
        this.maxBytes = maxBytes;
    }

    void add(Frame frame) {
        if (frame.track() == videoTrack && frame.keyframe()) {
            clear();
            frames.add(frame.retain());
            bytes = frame.bytes();
            return;
        }
        if (frames.isEmpty()) {
            return;
        }
        if (bytes + frame.bytes() > maxBytes) {
            clear();
            return;
        }
        frames.add(frame.retain());
        bytes += frame.bytes();
    }

    /** Retained copies of the cached frames, oldest first; the caller releases them. */
    List<Frame> snapshot() {
        List<Frame> copy = new ArrayList<>(frames.size());
        for (Frame frame : frames) {
            copy.add(frame.retain());
        }
        return copy;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        frames.forEach(Frame::release);
        frames.clear();
        bytes = 0;
    }
}
