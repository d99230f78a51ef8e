package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.KeyframeDetector;
import org.camgate.protocol.rtp.Rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups one track's RTP packets into frames. A video frame ends at the RTP marker bit, or when
 * the timestamp changes (a camera that forgets the marker); packets of other tracks are frames
 * of their own. A frame larger than the limit is discarded whole rather than grown without bound.
 */
final class FrameAssembler {
    private final int track;
    private final String encoding;
    private final boolean video;
    private final int maxFrameBytes;
    private final List<ByteBuf> packets = new ArrayList<>();
    private int bytes;
    private long timestamp;
    private boolean keyframe;
    private boolean oversized;

    FrameAssembler(int track, String encoding, boolean video, int maxFrameBytes) {
        this.track = track;
        this.encoding = encoding;
        this.video = video;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Takes ownership of one interleaved packet ({@link Frame#HEADER} bytes, then RTP) and emits
     * the frames it completes.
     */
    void add(ByteBuf packet, long nowNanos, Consumer<Frame> sink) {
        ByteBuf rtp = packet.slice(packet.readerIndex() + Frame.HEADER, packet.readableBytes() - Frame.HEADER);
        if (!video) {
            sink.accept(new Frame(track, true, List.of(packet), nowNanos));
            return;
        }
        long ts = Rtp.timestamp(rtp);
        boolean marker = Rtp.marker(rtp);
        if (ts != timestamp && (!packets.isEmpty() || oversized)) {
            complete(nowNanos, sink);
            oversized = false;
        }
        if (packets.isEmpty()) {
            timestamp = ts;
        }
        if (oversized || bytes + packet.readableBytes() > maxFrameBytes) {
            discardPending();
            oversized = true;
            packet.release();
        } else {
            keyframe |= KeyframeDetector.isKeyframeStart(encoding, rtp);
            packets.add(packet);
            bytes += packet.readableBytes();
        }
        if (marker) {
            complete(nowNanos, sink);
            oversized = false;
        }
    }

    private void complete(long nowNanos, Consumer<Frame> sink) {
        if (packets.isEmpty()) {
            return;
        }
        Frame frame = new Frame(track, keyframe, packets, nowNanos);
        packets.clear();
        bytes = 0;
        keyframe = false;
        sink.accept(frame);
    }

    private void discardPending() {
        packets.forEach(ByteBuf::release);
        packets.clear();
        bytes = 0;
        keyframe = false;
    }

    /** Releases a partly assembled frame (the upstream session ended). */
    void reset() {
        discardPending();
        oversized = false;
    }
}
