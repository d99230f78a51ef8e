package org.camgate.sim.load;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.Rtp;

/**
 * What one load reader has received. Written only by the reader's event loop; the fields are
 * volatile so the coordinating thread can take {@link #snapshot() snapshots} while it runs.
 */
final class ReaderStats {
    private static final int INTERLEAVED_HEADER = 4;

    private final int id;
    private final SequenceGaps[] tracks = new SequenceGaps[128];
    private volatile long bytes;
    private volatile long packets;
    private volatile long lost;
    private volatile boolean playing;
    private volatile String failure;

    ReaderStats(int id) {
        this.id = id;
    }

    int id() {
        return id;
    }

    /** Counts one interleaved frame; RTP on even channels, RTCP (bytes only) on odd ones. */
    void onFrame(int channel, ByteBuf payload) {
        bytes += INTERLEAVED_HEADER + payload.readableBytes();
        if ((channel & 1) != 0 || !Rtp.isValid(payload)) {
            return;
        }
        packets++;
        SequenceGaps gaps = tracks[channel >> 1];
        if (gaps == null) {
            gaps = new SequenceGaps();
            tracks[channel >> 1] = gaps;
        }
        long missing = gaps.onPacket(Rtp.sequenceNumber(payload));
        if (missing > 0) {
            lost += missing;
        }
    }

    void playing() {
        playing = true;
    }

    /** Records why the reader stopped (the first reason wins). */
    void failed(String reason) {
        if (failure == null) {
            failure = reason;
        }
        playing = false;
    }

    ReaderSnapshot snapshot() {
        return new ReaderSnapshot(id, bytes, packets, lost, playing, failure);
    }
}
