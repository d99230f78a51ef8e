package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalDepacketizer;
import org.camgate.stream.Frame;
import org.camgate.stream.TestFrames;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.rtp;

/**
 * Frames (interleaved packets) to Annex-B access units through the shared depacketizer, whose packet types, loss and
 * bounds are tested in protocols (NalDepacketizerTest); here the frame side: headers, reuse, sequence numbers.
 */
@ExtendWith(NettyLeakCheck.class)
class AccessUnitsTest {
    private static Frame frame(RtpPackets... packets) {
        List<ByteBuf> rtp = new ArrayList<>();
        for (RtpPackets p : packets) {
            rtp.add(p.build());
        }
        Frame frame = TestFrames.of(0, false, rtp, 0, UnpooledByteBufAllocator.DEFAULT);
        rtp.forEach(ByteBuf::release);
        return frame;
    }

    private static byte[] annexB(NalDepacketizer depacketizer, RtpPackets... packets) {
        Frame frame = frame(packets);
        try {
            return AccessUnits.annexB(frame, depacketizer);
        } finally {
            frame.release();
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void h264FrameGivesItsAccessUnitAndTheDepacketizerIsReusedFrameAfterFrame() {
        NalDepacketizer d = new NalDepacketizer(NalCodec.H264);
        assertThat(annexB(d, rtp().seq(10).payload(0x67, 0x42), rtp().seq(11).payload(0x7c, 0x85, 1),
                rtp().seq(12).marker().payload(0x7c, 0x45, 2)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x65, 1, 2));
        assertThat(annexB(d, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("a frame that lost a packet").isEmpty();
        assertThat(annexB(d, rtp().seq(40).ts(9000).marker().payload(0x41, 7)))
                .as("the next frame, after a gap between frames (which the motion detector notices itself)")
                .isEqualTo(bytes(0, 0, 0, 1, 0x41, 7));
    }

    @Test
    void h265FrameAndTheCopiedPacketsOfTheClipWriter() {
        Frame frame = frame(rtp().seq(1).payload(0x62, 0x01, 0x93, 1, 2), rtp().seq(2).marker().payload(0x62, 0x01, 0x53, 3));
        try {
            byte[] expected = bytes(0, 0, 0, 1, 0x26, 0x01, 1, 2, 3);
            assertThat(AccessUnits.annexB(frame, new NalDepacketizer(NalCodec.H265))).isEqualTo(expected);
            assertThat(AccessUnits.annexB(frame.packets(), frame.bytes(), true)).isEqualTo(expected);
        } finally {
            frame.release();
        }
    }

    @Test
    void sequenceNumbersOfTheFramesEnds() {
        Frame frame = frame(rtp().seq(70).payload(0x61), rtp().seq(71).marker().payload(0x61));
        assertThat(AccessUnits.firstSequence(frame)).isEqualTo(70);
        assertThat(AccessUnits.lastSequence(frame)).isEqualTo(71);
        frame.release();
    }
}
