package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;

import java.util.ArrayList;
import java.util.List;

/**
 * One video frame (access unit) of RTP packets, or one packet of another track, as it goes out to
 * readers: a single contiguous buffer holding each packet ready for TCP interleaved transport (a
 * 4-byte {@code $} header for channel {@code 2 * track}, then the RTP packet), back to back.
 * A TCP reader writes one duplicate of that buffer per frame, so a frame reaches every reader
 * without a copy and with one buffer object per reader, not one per packet.
 */
public final class Frame extends AbstractReferenceCounted {
    /** Bytes of the interleaved header in front of each RTP packet. */
    public static final int HEADER = 4;

    private final int track;
    private final boolean keyframe;
    private final ByteBuf data;
    private final int[] offsets;
    private final long createdNanos;
    /** Set on the stream's loop once the frame went to readers (its sequence numbers are final then). */
    private boolean forwarded;

    /**
     * @param data    the interleaved packets back to back; ownership passes to the frame
     * @param offsets where each packet's interleaved header starts, relative to the reader index
     */
    Frame(int track, boolean keyframe, ByteBuf data, int[] offsets, long createdNanos) {
        this.track = track;
        this.keyframe = keyframe;
        this.data = data;
        this.offsets = offsets;
        this.createdNanos = createdNanos;
    }

    /** A frame of separate interleaved packets; ownership of them passes to the frame. */
    Frame(int track, boolean keyframe, List<ByteBuf> packets, long createdNanos) {
        this(track, keyframe, Unpooled.wrappedBuffer(packets.toArray(ByteBuf[]::new)), offsetsOf(packets), createdNanos);
    }

    private static int[] offsetsOf(List<ByteBuf> packets) {
        int[] offsets = new int[packets.size()];
        int at = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at;
            at += packets.get(i).readableBytes();
        }
        return offsets;
    }

    /** The reader-side track index. */
    public int track() {
        return track;
    }

    /** True when a decoder can start at this frame. */
    public boolean keyframe() {
        return keyframe;
    }

    /** All packets, interleaved-framed for channel {@code 2 * track}, back to back. Do not modify. */
    public ByteBuf data() {
        return data;
    }

    public int packetCount() {
        return offsets.length;
    }

    /** Packet {@code i} with its interleaved header, as a view of {@link #data()} (not retained). */
    public ByteBuf packet(int i) {
        int start = offsets[i];
        int end = i + 1 < offsets.length ? offsets[i + 1] : data.readableBytes();
        return data.slice(data.readerIndex() + start, end - start);
    }

    /** Every packet, as {@link #packet(int)} views. */
    public List<ByteBuf> packets() {
        List<ByteBuf> packets = new ArrayList<>(offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            packets.add(packet(i));
        }
        return packets;
    }

    /** Total bytes of the packets including their interleaved headers. */
    public int bytes() {
        return data.readableBytes();
    }

    public long createdNanos() {
        return createdNanos;
    }

    /** Whether the frame has been passed to readers (so a reopening gate does not send it twice). */
    boolean forwarded() {
        return forwarded;
    }

    void markForwarded() {
        forwarded = true;
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        data.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        data.release();
    }
}
