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
            next = (next + 1) & 0xffff;
        }
        frame.markForwarded();
    }

    /** The number the next forwarded packet gets, or -1 before the first. */
    int nextSequenceNumber() {
        return started ? next : -1;
    }
}
