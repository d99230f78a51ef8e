package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.Rtp;

/**
 * Numbers one track's packets as readers see them, at the moment a frame passes the gate: while a gate is shut
 * nothing goes out and no number is used, so every reader's sequence stays continuous across gate changes (only
 * the timestamps show the pause). Starts at the first forwarded packet's number, so an ungated stream keeps the
 * numbers assigned at ingest. Confined to the stream's loop.
 */
final class OutputSequence {
    private boolean started;
    private int next;
    private long lastTimestamp = -1;
    private long lastStampNanos;
    /** Added to every forwarded timestamp; 0 unless placeholders moved the timeline ({@link #continueAt}). */
    private long timestampOffset;

    /** Writes the output numbers into the frame's packets (in place, before any reader has it) and marks it sent. */
    void stamp(Frame frame) {
        if (frame.forwarded()) {
            return;
        }
        for (int i = 0; i < frame.packetCount(); i++) {
            ByteBuf packet = frame.packet(i);
            ByteBuf rtp = packet.slice(packet.readerIndex() + Frame.HEADER, packet.readableBytes() - Frame.HEADER);
            if (!started) {
                started = true;
                next = Rtp.sequenceNumber(rtp);
            }
            Rtp.setSequenceNumber(rtp, next);
            if (timestampOffset != 0) {
                Rtp.setTimestamp(rtp, (Rtp.timestamp(rtp) + timestampOffset) & 0xffffffffL);
            }
            lastTimestamp = Rtp.timestamp(rtp);
            lastStampNanos = System.nanoTime();
            next = (next + 1) & 0xffff;
        }
        frame.markForwarded();
    }

    /**
     * From now on, a frame with (ingest) timestamp {@code ingestTimestamp} goes out {@code step} after the last
     * forwarded packet: after placeholders, the camera's video (its pre-roll is older than they were) carries on
     * without time going back.
     */
    void continueAt(long ingestTimestamp, long step) {
        if (lastTimestamp >= 0) {
            timestampOffset = (lastTimestamp + step - ingestTimestamp) & 0xffffffffL;
        }
    }

    /** What forwarded timestamps get added (for sender reports). */
    long timestampOffset() {
        return timestampOffset;
    }

    /** When the last packet was forwarded ({@link System#nanoTime()}). */
    long lastStampNanos() {
        return lastStampNanos;
    }

    /** The RTP timestamp of the last forwarded packet, or -1 before the first. */
    long lastTimestamp() {
        return lastTimestamp;
    }

    /** The number the next forwarded packet gets, or -1 before the first. */
    int nextSequenceNumber() {
        return started ? next : -1;
    }
}
