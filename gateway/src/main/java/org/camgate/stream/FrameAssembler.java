package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.camgate.protocol.rtp.KeyframeDetector;
import org.camgate.protocol.rtp.Rtp;

import java.util.function.Consumer;

/**
 * Groups one track's RTP packets into frames, copying each packet once, behind its interleaved
 * header, into the frame's single buffer. A video frame ends at the RTP marker bit, or when the
 * timestamp changes (a camera that forgets the marker); packets of other tracks are frames of
 * their own. A frame larger than the limit is discarded whole rather than grown without bound.
 */
final class FrameAssembler {
    private static final int MAX_PACKETS = 4096;

    private final int track;
    private final String encoding;
    private final boolean video;
    private final int maxFrameBytes;
    private final ByteBufAllocator alloc;
    private ByteBuf data;
    private int[] offsets = new int[64];
    private int count;
    private int lastFrameBytes = 8 * 1024;
    private long timestamp;
    private boolean keyframe;
    private boolean oversized;

    FrameAssembler(int track, String encoding, boolean video, int maxFrameBytes, ByteBufAllocator alloc) {
        this.track = track;
        this.encoding = encoding;
        this.video = video;
        this.maxFrameBytes = maxFrameBytes;
        this.alloc = alloc;
    }

    /** Copies one RTP packet (the caller keeps and releases it) and emits the frames it completes. */
    void add(ByteBuf rtp, long nowNanos, Consumer<Frame> sink) {
        int length = rtp.readableBytes();
        if (!video) {
            ByteBuf single = alloc.directBuffer(Frame.HEADER + length);
            writePacket(single, rtp);
            sink.accept(new Frame(track, true, single, new int[] {0}, nowNanos));
            return;
        }
        long ts = Rtp.timestamp(rtp);
        boolean marker = Rtp.marker(rtp);
        if (ts != timestamp && (count > 0 || oversized)) {
            complete(nowNanos, sink);
            oversized = false;
        }
        if (count == 0) {
            timestamp = ts;
        }
        int size = data == null ? 0 : data.readableBytes();
        if (oversized || size + Frame.HEADER + length > maxFrameBytes || count == MAX_PACKETS) {
            discardPending();
            oversized = true;
        } else {
            if (data == null) {
                data = alloc.directBuffer(Math.min(maxFrameBytes, Math.max(lastFrameBytes, Frame.HEADER + length)), maxFrameBytes);
            }
            if (count == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = data.writerIndex() - data.readerIndex();
            keyframe |= KeyframeDetector.isKeyframeStart(encoding, rtp);
            writePacket(data, rtp);
        }
        if (marker) {
            complete(nowNanos, sink);
            oversized = false;
        }
    }

    private void writePacket(ByteBuf out, ByteBuf rtp) {
        out.writeByte('$').writeByte(2 * track).writeShort(rtp.readableBytes())
                .writeBytes(rtp, rtp.readerIndex(), rtp.readableBytes());
    }

    private void complete(long nowNanos, Consumer<Frame> sink) {
        if (count == 0) {
            return;
        }
        Frame frame = new Frame(track, keyframe, data, java.util.Arrays.copyOf(offsets, count), nowNanos);
        lastFrameBytes = data.readableBytes() + data.readableBytes() / 8;
        data = null;
        count = 0;
        keyframe = false;
        sink.accept(frame);
    }

    private void discardPending() {
        if (data != null) {
            data.release();
            data = null;
        }
        count = 0;
        keyframe = false;
    }

    /** Releases a partly assembled frame (the upstream session ended). */
    void reset() {
        discardPending();
        oversized = false;
    }
}
