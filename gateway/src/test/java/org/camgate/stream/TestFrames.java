package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.List;

/**
 * Builds {@link Frame}s and {@link PreRollBuffer}s outside their package, for tests and benchmarks in other
 * packages (the motion analysis reads frames; its benchmark keeps pre-roll buffers).
 */
public final class TestFrames {
    private TestFrames() {
    }

    /**
     * A frame of the given RTP packets (read, not consumed or released), each copied behind its interleaved
     * header for channel {@code 2 * track} into one buffer from {@code alloc}.
     */
    public static Frame of(int track, boolean keyframe, List<ByteBuf> rtp, long createdNanos, ByteBufAllocator alloc) {
        int size = rtp.stream().mapToInt(p -> p.readableBytes() + Frame.HEADER).sum();
        ByteBuf data = alloc.directBuffer(size);
        int[] offsets = new int[rtp.size()];
        for (int i = 0; i < rtp.size(); i++) {
            ByteBuf p = rtp.get(i);
            offsets[i] = data.writerIndex();
            data.writeByte('$').writeByte(2 * track).writeShort(p.readableBytes());
            data.writeBytes(p, p.readerIndex(), p.readableBytes());
        }
        return new Frame(track, keyframe, data, offsets, createdNanos);
    }

    /** A frame over an existing interleaved buffer (not copied; the frame takes over one reference). */
    public static Frame wrap(int track, boolean keyframe, ByteBuf interleaved, int[] offsets, long createdNanos) {
        return new Frame(track, keyframe, interleaved, offsets.clone(), createdNanos);
    }

    /** Where each packet of {@code frame} starts in its data, relative to the reader index. */
    public static int[] offsets(Frame frame) {
        int[] offsets = new int[frame.packetCount()];
        int at = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at;
            at += frame.packet(i).readableBytes();
        }
        return offsets;
    }

    /** A camera's pre-roll buffer, as a gated {@link CameraStream} keeps it. */
    public static PreRoll preRoll(int videoTrack, long preRollNanos, long maxBytes) {
        return new PreRoll(new PreRollBuffer(videoTrack, preRollNanos, maxBytes));
    }

    /** A {@link PreRollBuffer} seen from outside its package. */
    public static final class PreRoll {
        private final PreRollBuffer buffer;

        private PreRoll(PreRollBuffer buffer) {
            this.buffer = buffer;
        }

        /** Keeps the frame (retaining it) and drops what fell out of the window. */
        public void add(Frame frame) {
            buffer.add(frame);
        }

        public long bytes() {
            return buffer.bytes();
        }

        public int size() {
            return buffer.size();
        }

        public void clear() {
            buffer.clear();
        }
    }

    /** An empty buffer, for frames whose content does not matter. */
    public static ByteBuf zeros(int bytes) {
        return Unpooled.buffer(bytes).writeZero(bytes);
    }
}
