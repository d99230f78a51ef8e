package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.rtp;

@ExtendWith(NettyLeakCheck.class)
class FrameAssemblerTest {
    private final List<ByteBuf> sent = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private FrameAssembler video = new FrameAssembler(0, "H264", true, 10_000, UnpooledByteBufAllocator.DEFAULT);

    @AfterEach
    void everyBufferReleased() {
        frames.forEach(Frame::release);
        video.reset();
        assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    private void add(FrameAssembler assembler, RtpPackets packet, int channel) {
        ByteBuf buf = packet.build();
        sent.add(buf);
        try {
            assembler.add(buf, 1_000L, frames::add);
        } finally {
            buf.release();
        }
    }

    private void add(RtpPackets packet) {
        add(video, packet, 0);
    }

    private static int seqOf(ByteBuf interleaved) {
        return interleaved.getUnsignedShort(interleaved.readerIndex() + Frame.HEADER + 2);
    }

    @Test
    void markerEndsTheFrame() {
        add(rtp().seq(1).ts(3000).payload(0x7c, 0x85, 1));
        add(rtp().seq(2).ts(3000).payload(0x7c, 0x05, 2));
        assertThat(frames).isEmpty();

        add(rtp().seq(3).ts(3000).marker().payload(0x7c, 0x45, 3));

        assertThat(frames).hasSize(1);
        Frame frame = frames.get(0);
        assertThat(frame.track()).isZero();
        assertThat(frame.packets()).extracting(FrameAssemblerTest::seqOf).containsExactly(1, 2, 3);
        assertThat(frame.bytes()).isEqualTo(3 * (Frame.HEADER + 12 + 3));
        assertThat(frame.createdNanos()).isEqualTo(1_000L);
        assertThat(frame.packets()).allSatisfy(p -> assertThat(p.refCnt()).isEqualTo(1));
    }

    @Test
    void timestampChangeEndsAFrameWithoutMarker() {
        add(rtp().seq(1).ts(3000).payload(0x65, 1));
        add(rtp().seq(2).ts(3000).payload(0x65, 2));
        add(rtp().seq(3).ts(6000).payload(0x41, 3));

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).packets()).extracting(FrameAssemblerTest::seqOf).containsExactly(1, 2);
        assertThat(frames.get(0).keyframe()).isTrue();

        add(rtp().seq(4).ts(6000).marker().payload(0x41, 4));
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1).packets()).extracting(FrameAssemblerTest::seqOf).containsExactly(3, 4);
        assertThat(frames.get(1).keyframe()).isFalse();
    }

    @Test
    void keyframeFlagComesFromFuAStart() {
        add(rtp().seq(1).ts(3000).payload(0x7c, 0x85, 1));
        add(rtp().seq(2).ts(3000).marker().payload(0x7c, 0x45, 2));
        add(rtp().seq(3).ts(6000).payload(0x7c, 0x81, 3)); // FU-A start of a non-IDR slice
        add(rtp().seq(4).ts(6000).marker().payload(0x7c, 0x41, 4));

        assertThat(frames).extracting(Frame::keyframe).containsExactly(true, false);
    }

    @Test
    void continuationOfAnIdrDoesNotMakeAKeyframe() {
        // the FU-A start was lost: only continuations arrive
        add(rtp().seq(2).ts(3000).payload(0x7c, 0x05, 2));
        add(rtp().seq(3).ts(3000).marker().payload(0x7c, 0x45, 3));

        assertThat(frames).singleElement().extracting(Frame::keyframe).isEqualTo(false);
    }

    @Test
    void spsAheadOfTheSliceMakesAKeyframe() {
        add(rtp().seq(1).ts(3000).payload(0x67, 0x64, 0, 0x28));
        add(rtp().seq(2).ts(3000).payload(0x68, 0xee));
        add(rtp().seq(3).ts(3000).marker().payload(0x65, 0x88));

        assertThat(frames).singleElement().extracting(Frame::keyframe).isEqualTo(true);
    }

    @Test
    void oversizedFrameIsDiscardedWholeAndReleased() {
        video = new FrameAssembler(0, "H264", true, 100, UnpooledByteBufAllocator.DEFAULT);
        // 4 + 12 + 24 = 40 bytes each: the third overflows the 100-byte bound
        add(rtp().seq(1).ts(3000).payloadOfSize(24, 0x7c, 0x85));
        add(rtp().seq(2).ts(3000).payloadOfSize(24, 0x7c, 0x05));
        add(rtp().seq(3).ts(3000).payloadOfSize(24, 0x7c, 0x05));
        assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        add(rtp().seq(4).ts(3000).marker().payloadOfSize(4, 0x7c, 0x45));

        assertThat(frames).isEmpty();
        assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).isZero());

        add(rtp().seq(5).ts(6000).payloadOfSize(24, 0x7c, 0x81));
        add(rtp().seq(6).ts(6000).marker().payloadOfSize(24, 0x7c, 0x41));

        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.packets()).extracting(FrameAssemblerTest::seqOf).containsExactly(5, 6);
            assertThat(f.keyframe()).isFalse();
        });
    }

    @Test
    void frameExactlyAtTheBoundIsKept() {
        video = new FrameAssembler(0, "H264", true, 80, UnpooledByteBufAllocator.DEFAULT);
        add(rtp().seq(1).ts(3000).payloadOfSize(24, 0x65));
        add(rtp().seq(2).ts(3000).marker().payloadOfSize(24, 0x65));

        assertThat(frames).singleElement().extracting(Frame::bytes).isEqualTo(80);
    }

    @Test
    void oversizedFrameWithoutMarkerDoesNotSwallowTheNextFrames() {
        video = new FrameAssembler(0, "H264", true, 100, UnpooledByteBufAllocator.DEFAULT);
        add(rtp().seq(1).ts(3000).payloadOfSize(44, 0x65));
        add(rtp().seq(2).ts(3000).payloadOfSize(44, 0x65)); // overflows, no marker follows
        add(rtp().seq(3).ts(6000).payloadOfSize(10, 0x41));
        add(rtp().seq(4).ts(9000).payloadOfSize(10, 0x41));

        assertThat(frames).singleElement().satisfies(
                f -> assertThat(f.packets()).extracting(FrameAssemblerTest::seqOf).containsExactly(3));
    }

    @Test
    void packetsOfOtherTracksAreFramesOfTheirOwn() {
        FrameAssembler audio = new FrameAssembler(1, "PCMA", false, 10_000, UnpooledByteBufAllocator.DEFAULT);
        add(audio, rtp().payloadType(8).seq(1).ts(160).payloadOfSize(160), 2);
        add(audio, rtp().payloadType(8).seq(2).ts(160).payloadOfSize(160), 2);
        add(audio, rtp().payloadType(8).seq(3).ts(320).marker().payloadOfSize(160), 2);

        assertThat(frames).hasSize(3);
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.track()).isEqualTo(1);
            assertThat(f.keyframe()).isTrue();
            assertThat(f.packets()).hasSize(1);
        });
        assertThat(frames).extracting(f -> seqOf(f.packets().get(0))).containsExactly(1, 2, 3);
    }

    @Test
    void nonVideoFramesIgnoreTheSizeBound() {
        FrameAssembler audio = new FrameAssembler(1, "PCMU", false, 10, UnpooledByteBufAllocator.DEFAULT);
        add(audio, rtp().payloadType(0).payloadOfSize(160), 2);
        assertThat(frames).hasSize(1);
    }

    @Test
    void resetReleasesAPartialFrame() {
        add(rtp().seq(1).ts(3000).payload(0x65, 1));
        add(rtp().seq(2).ts(3000).payload(0x65, 2));

        video.reset();

        assertThat(frames).isEmpty();
        assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        add(rtp().seq(3).ts(6000).marker().payload(0x41, 3));
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.packets()).hasSize(1);
            assertThat(f.keyframe()).isFalse();
        });
    }

    @Test
    void releasingAFrameReleasesItsPackets() {
        add(rtp().seq(1).ts(3000).payload(0x65, 1));
        add(rtp().seq(2).ts(3000).marker().payload(0x65, 2));
        Frame frame = frames.remove(0);

        assertThat(sent).as("packets are copied into the frame, the caller keeps its own")
                .allSatisfy(b -> assertThat(b.refCnt()).isZero());
        frame.retain();
        frame.release();
        assertThat(frame.data().refCnt()).isEqualTo(1);
        frame.release();
        assertThat(frame.data().refCnt()).isZero();
    }
}
