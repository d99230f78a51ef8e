package org.camgate.sim.load;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.Rtp;

/**
 * What one load reader has received. Written only by the reader's event loop(s); the fields are
 * volatile so the coordinating thread can take {@link #snapshot() snapshots} while it runs.
 */
final class ReaderStats {
    private static final int INTERLEAVED_HEADER = 4;
    private static final int MAX_TRACKS = 128;

    private final int id;
    private final SequenceGaps[] gaps = new SequenceGaps[MAX_TRACKS];
    private final InterarrivalJitter[] jitter = new InterarrivalJitter[MAX_TRACKS];
    private final int[] clockRates = new int[MAX_TRACKS];
    private volatile long connectNanos;
    private volatile long firstPacketNanos;
    private volatile long bytes;
    private volatile long packets;
    private volatile long lost;
    private int tracks;
    /** The current jitter estimate of the worst track (it decays after a burst such as a GOP replay). */
    private volatile double jitterMillis;
    private volatile boolean playing;
    private volatile String failure;

    ReaderStats(int id) {
        this.id = id;
    }

    int id() {
        return id;
    }

    /** Marks when the connection was opened, the start of the join time. */
    void connecting() {
        connectNanos = System.nanoTime();
    }

    /** The RTP clock rate of a track (from the SDP), for jitter; 90 kHz when never given. */
    void clockRate(int track, int rate) {
        if (track >= 0 && track < MAX_TRACKS) {
            clockRates[track] = rate;
        }
    }

    /** Counts one interleaved frame; RTP on even channels, RTCP (bytes only) on odd ones. */
    void onFrame(int channel, ByteBuf payload) {
        bytes += INTERLEAVED_HEADER;
        if ((channel & 1) != 0) {
            bytes += payload.readableBytes();
            return;
        }
        onRtp(channel >> 1, payload);
    }

    /** Counts RTCP received over UDP. */
    void onRtcp(ByteBuf payload) {
        bytes += payload.readableBytes();
    }

    /** Counts one RTP packet of media section {@code track}. */
    void onRtp(int track, ByteBuf packet) {
        bytes += packet.readableBytes();
        if (track < 0 || track >= MAX_TRACKS || !Rtp.isValid(packet)) {
            return;
        }
        long now = System.nanoTime();
        if (firstPacketNanos == 0) {
            firstPacketNanos = now;
        }
        packets++;
        if (gaps[track] == null) {
            gaps[track] = new SequenceGaps();
            jitter[track] = new InterarrivalJitter(clockRates[track] > 0 ? clockRates[track] : 90000);
        }
        long missing = gaps[track].onPacket(Rtp.sequenceNumber(packet));
        if (missing > 0) {
            lost += missing;
        }
        jitter[track].onPacket(now, Rtp.timestamp(packet));
        tracks = Math.max(tracks, track + 1);
        double worst = 0;
        for (int i = 0; i < tracks; i++) {
            if (jitter[i] != null) {
                worst = Math.max(worst, jitter[i].millis());
            }
        }
        jitterMillis = worst;
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
        long first = firstPacketNanos;
        double join = first == 0 || connectNanos == 0 ? -1 : (first - connectNanos) / 1e6;
        return new ReaderSnapshot(id, bytes, packets, lost, playing, failure, join, jitterMillis);
    }
}
