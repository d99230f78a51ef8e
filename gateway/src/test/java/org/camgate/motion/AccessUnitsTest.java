package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
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

/** RTP payloads (RFC 6184, RFC 7798) back to Annex-B access units, and frames that lost a packet. */
@ExtendWith(NettyLeakCheck.class)
class AccessUnitsTest {
    private static byte[] annexB(boolean h265, RtpPackets... packets) {
        List<ByteBuf> rtp = new ArrayList<>();
        for (RtpPackets p : packets) {
            rtp.add(p.build());
        }
        Frame frame = TestFrames.of(0, false, rtp, 0, UnpooledByteBufAllocator.DEFAULT);
        rtp.forEach(ByteBuf::release);
        try {
            return AccessUnits.annexB(frame, h265);
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
    void h264SingleNalUnitsGetStartCodes() {
        assertThat(annexB(false, rtp().seq(10).payload(0x67, 0x42, 0x00), rtp().seq(11).payload(0x68, 0xce),
                rtp().seq(12).marker().payload(0x65, 1, 2, 3)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0x00, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 1, 2, 3));
    }

    @Test
    void h264StapAIsSplitIntoItsNalUnits() {
        assertThat(annexB(false, rtp().seq(1).marker().payload(0x78, 0, 2, 0x67, 0x42, 0, 1, 0x68, 0, 3, 0x65, 7, 8)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0, 0, 0, 1, 0x65, 7, 8));
    }

    @Test
    void h264StapAWithATruncatedUnitKeepsTheWholeOnes() {
        assertThat(annexB(false, rtp().seq(1).marker().payload(0x78, 0, 1, 0x68, 0, 9, 0x65, 7)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x68));
    }

    @Test
    void h264FuAFragmentsAreReassembledWithTheNalHeaderRebuilt() {
        // FU indicator 0x7c (NRI 3, type 28); FU headers: start 0x85, middle 0x05, end 0x45 (type 5, IDR).
        assertThat(annexB(false, rtp().seq(0xfffe).payload(0x7c, 0x85, 1, 2), rtp().seq(0xffff).payload(0x7c, 0x05, 3),
                rtp().seq(0).marker().payload(0x7c, 0x45, 4)))
                .as("across the sequence number wrap").isEqualTo(bytes(0, 0, 0, 1, 0x65, 1, 2, 3, 4));
    }

    @Test
    void aFrameThatLostAPacketGivesNothing() {
        assertThat(annexB(false, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("middle fragment lost").isEmpty();
        assertThat(annexB(false, rtp().seq(1).payload(0x61, 1), rtp().seq(3).marker().payload(0x61, 2)))
                .as("a gap between single NAL units").isEmpty();
        assertThat(annexB(false, rtp().seq(2).payload(0x7c, 0x05, 2), rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("first fragment lost with the packet before the frame").isEmpty();
        assertThat(annexB(false, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(2).payload(0x7c, 0x05, 2)))
                .as("last fragment lost").isEmpty();
        assertThat(annexB(false, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(2).marker().payload(0x7c, 0x85, 2),
                rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("a second start before the first unit ended").isEmpty();
    }

    @Test
    void h264UnsupportedPacketTypesAreSkipped() {
        // STAP-B (25) and MTAP16 (26) are for interleaved mode, which cameras do not use.
        assertThat(annexB(false, rtp().seq(1).payload(0x79, 0, 0, 1, 0x65), rtp().seq(2).marker().payload(0x61, 9)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x61, 9));
    }

    @Test
    void h265SingleNalUnitsAndAggregationPackets() {
        // AP: payload header type 48 (0x60 0x01), then VPS (type 32: 0x40 0x01) and SPS (type 33: 0x42 0x01).
        assertThat(annexB(true, rtp().seq(5).payload(0x60, 0x01, 0, 3, 0x40, 0x01, 0xaa, 0, 2, 0x42, 0x01),
                rtp().seq(6).marker().payload(0x26, 0x01, 0xbb)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x40, 0x01, 0xaa, 0, 0, 0, 1, 0x42, 0x01, 0, 0, 0, 1, 0x26, 0x01, 0xbb));
    }

    @Test
    void h265FragmentsAreReassembledWithTheTwoByteNalHeaderRebuilt() {
        // FU: payload header type 49 (0x62 0x01); FU header start 0x93 / end 0x53 for type 19 (IDR_W_RADL).
        assertThat(annexB(true, rtp().seq(1).payload(0x62, 0x01, 0x93, 1, 2), rtp().seq(2).payload(0x62, 0x01, 0x13, 3),
                rtp().seq(3).marker().payload(0x62, 0x01, 0x53, 4)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x26, 0x01, 1, 2, 3, 4));
        assertThat(annexB(true, rtp().seq(1).payload(0x62, 0x01, 0x93, 1), rtp().seq(3).marker().payload(0x62, 0x01, 0x53, 4)))
                .as("a lost fragment").isEmpty();
    }

    @Test
    void sequenceNumbersOfTheFramesEnds() {
        List<ByteBuf> rtp = List.of(rtp().seq(70).payload(0x61).build(), rtp().seq(71).marker().payload(0x61).build());
        Frame frame = TestFrames.of(0, false, rtp, 0, UnpooledByteBufAllocator.DEFAULT);
        rtp.forEach(ByteBuf::release);
        assertThat(AccessUnits.firstSequence(frame)).isEqualTo(70);
        assertThat(AccessUnits.lastSequence(frame)).isEqualTo(71);
        frame.release();
    }
}
