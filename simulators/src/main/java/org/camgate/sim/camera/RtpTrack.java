package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Random;

/** One outgoing RTP stream: SSRC, random initial timestamp and sequence, sender statistics. */
final class RtpTrack {
    final int ssrc;
    final int clockRate;
    final int firstSequence;
    private final int timestampBase;
    private int sequence;
    long packets;
    long octets;

    RtpTrack(int clockRate, Random random) {
        this.ssrc = random.nextInt();
        this.clockRate = clockRate;
        this.timestampBase = random.nextInt();
        this.firstSequence = random.nextInt(0x8000);
        this.sequence = firstSequence;
    }

    /** The RTP timestamp {@code ticks} clock ticks after the start. */
    int timestamp(long ticks) {
        return (int) (timestampBase + ticks);
    }

    /** Takes the next sequence number, for packets built outside a packetizer. */
    int takeSequence() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return s;
    }

    int peekSequence() {
        return sequence;
    }

    void count(List<ByteBuf> sent) {
        packets += sent.size();
        for (ByteBuf p : sent) {
            octets += p.readableBytes() - 12;
        }
    }
}
