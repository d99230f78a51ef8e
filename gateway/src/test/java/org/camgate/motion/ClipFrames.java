package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalPacketizer;
import org.camgate.sim.camera.SceneClip;
import org.camgate.stream.Frame;
import org.camgate.stream.TestFrames;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SceneClip} packetized into RTP as a camera sends it (NalPacketizer, 90 kHz clock), one interleaved
 * buffer per frame, ready to be replayed as {@link Frame}s with any timestamps. For the motion tests and benchmark.
 */
final class ClipFrames {
    /** One frame's packets, interleaved-framed, back to back in one heap buffer (kept; replays take duplicates). */
    record Packets(boolean keyframe, ByteBuf data, int[] offsets) {
        Frame frame(long createdNanos) {
            return TestFrames.wrap(0, keyframe, data.retainedDuplicate(), offsets, createdNanos);
        }
    }

    private ClipFrames() {
    }

    static List<Packets> packetize(SceneClip clip, int maxPayload) {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 0x12345678, 1, maxPayload);
        List<Packets> out = new ArrayList<>(clip.frames());
        for (int i = 0; i < clip.frames(); i++) {
            List<ByteBuf> nals = clip.nalUnits(i).stream().map(Unpooled::wrappedBuffer).toList();
            List<ByteBuf> rtp = packetizer.packetize(UnpooledByteBufAllocator.DEFAULT, nals, i * 3600);
            Frame frame = TestFrames.of(0, clip.keyframe(i), rtp, 0, UnpooledByteBufAllocator.DEFAULT);
            rtp.forEach(ByteBuf::release);
            ByteBuf heap = Unpooled.copiedBuffer(frame.data());
            out.add(new Packets(clip.keyframe(i), heap, TestFrames.offsets(frame)));
            frame.release();
        }
        return out;
    }

    static void release(List<Packets> packets) {
        packets.forEach(p -> p.data().release());
    }
}
