package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;

import java.util.List;

/**
 * The RTP packets of one video frame (access unit), or one packet of another track, as they go
 * out to readers. Each packet is stored ready for TCP interleaved transport: a 4-byte {@code $}
 * header for channel {@code 2 * track}, then the RTP packet. Readers take a reference per frame
 * and write duplicates of the packets, so a frame reaches every reader without being copied.
 */
public final class Frame extends AbstractReferenceCounted {
    /** Bytes of the interleaved header in front of each RTP packet. */
    public static final int HEADER = 4;

    private final int track;
    private final boolean keyframe;
    private final List<ByteBuf> packets;
    private final int bytes;
    private final long createdNanos;

    Frame(int track, boolean keyframe, List<ByteBuf> packets, long createdNanos) {
        this.track = track;
        this.keyframe = keyframe;
        this.packets = List.copyOf(packets);
        int total = 0;
        for (ByteBuf packet : packets) {
            total += packet.readableBytes();
        }
        this.bytes = total;
        this.createdNanos = createdNanos;
    }

    /** The reader-side track index. */
    public int track() {
        return track;
    }

    /** True when a decoder can start at this frame. */
    public boolean keyframe() {
        return keyframe;
    }

    /** Interleaved packets: header for channel {@code 2 * track}, then RTP. Do not modify. */
    public List<ByteBuf> packets() {
        return packets;
    }

    /** Total bytes of the packets including their interleaved headers. */
    public int bytes() {
        return bytes;
    }

    public long createdNanos() {
        return createdNanos;
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        for (ByteBuf packet : packets) {
            packet.touch(hint);
        }
        return this;
    }

    @Override
    protected void deallocate() {
        for (ByteBuf packet : packets) {
            packet.release();
        }
    }
}
