package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.camgate.testing.RtpPackets.rtp;

@ExtendWith(NettyLeakCheck.class)
class KeyframeDetectorTest {

    private static boolean key(String encoding, RtpPackets packet) {
        ByteBuf buf = packet.build();
        try {
            return KeyframeDetector.isKeyframeStart(encoding, buf);
        } finally {
            buf.release();
        }
    }

    private static boolean h264(int... payload) {
        return key("H264", rtp().payload(payload));
    }

    private static boolean h265(int... payload) {
        return key("H265", rtp().payload(payload));
    }

    @Test
    void h264SingleNalUnits() {
        assertThat(h264(0x65, 0x88, 0x84)).as("IDR").isTrue();
        assertThat(h264(0x67, 0x64, 0x00, 0x28)).as("SPS").isTrue();
        assertThat(h264(0x41, 0x9a, 0x00)).as("non-IDR slice").isFalse();
        assertThat(h264(0x68, 0xee, 0x3c)).as("PPS").isFalse();
        assertThat(h264(0x06, 0x05)).as("SEI").isFalse();
        assertThat(h264(0x09, 0xf0)).as("AUD").isFalse();
    }

    @Test
    void h264EncodingNameIsCaseInsensitive() {
        assertThat(key("h264", rtp().payload(0x65, 1))).isTrue();
        assertThat(key("h264", rtp().payload(0x41, 1))).isFalse();
    }

    @Test
    void h264StapA() {
        // STAP-A (type 24) carrying SEI then IDR
        assertThat(h264(0x78, 0, 2, 0x06, 0x05, 0, 3, 0x65, 0x88, 0x84)).isTrue();
        // STAP-A carrying SPS and PPS
        assertThat(h264(0x78, 0, 2, 0x67, 0x64, 0, 2, 0x68, 0xee)).isTrue();
        // STAP-A carrying only non-IDR slices
        assertThat(h264(0x78, 0, 2, 0x41, 0x9a, 0, 2, 0x41, 0x9b)).isFalse();
    }

    @Test
    void h264StapAWithBadSizesIsNotAKeyframe() {
        // size runs past the payload, IDR byte present but not inside a complete unit
        assertThat(h264(0x78, 0, 9, 0x65, 0x88)).isFalse();
        // zero size
        assertThat(h264(0x78, 0, 0, 0x65, 0x88)).isFalse();
        // only the STAP-A header
        assertThat(h264(0x78)).isFalse();
        assertThat(h264(0x78, 0)).isFalse();
    }

    @Test
    void h264FuA() {
        assertThat(h264(0x7c, 0x85, 0x88)).as("FU-A start of IDR").isTrue();
        assertThat(h264(0x7c, 0x05, 0x88)).as("FU-A continuation of IDR").isFalse();
        assertThat(h264(0x7c, 0x45, 0x88)).as("FU-A end of IDR").isFalse();
        assertThat(h264(0x5c, 0x81, 0x9a)).as("FU-A start of non-IDR").isFalse();
        assertThat(h264(0x7c)).as("FU-A indicator only").isFalse();
    }

    @Test
    void h264PaddingIsNotPayload() {
        assertThat(key("H264", rtp().payload(0x65, 0x88).padding(3))).isTrue();
        // a packet that is all padding has no NAL unit
        assertThat(key("H264", rtp().padding(2))).isFalse();
    }

    @Test
    void h265SingleNalUnits() {
        assertThat(h265(19 << 1, 1, 0xaf)).as("IDR_W_RADL").isTrue();
        assertThat(h265(20 << 1, 1, 0xaf)).as("IDR_N_LP").isTrue();
        assertThat(h265(21 << 1, 1, 0xaf)).as("CRA").isTrue();
        assertThat(h265(16 << 1, 1, 0xaf)).as("BLA_W_LP").isTrue();
        assertThat(h265(32 << 1, 1, 0x0c)).as("VPS").isTrue();
        assertThat(h265(33 << 1, 1, 0x01)).as("SPS").isTrue();
        assertThat(h265(34 << 1, 1, 0xc1)).as("PPS").isTrue();
        assertThat(h265(1 << 1, 1, 0xd0)).as("TRAIL_R").isFalse();
        assertThat(h265(0, 1, 0xd0)).as("TRAIL_N").isFalse();
        assertThat(h265(39 << 1, 1, 0x05)).as("prefix SEI").isFalse();
    }

    @Test
    void hevcIsAnAliasOfH265() {
        assertThat(key("HEVC", rtp().payload(19 << 1, 1, 0xaf))).isTrue();
        assertThat(key("hevc", rtp().payload(1 << 1, 1, 0xaf))).isFalse();
    }

    @Test
    void h265AggregationPacket() {
        // AP (type 48): VPS, then a trailing picture
        assertThat(h265(48 << 1, 1, 0, 3, 32 << 1, 1, 0x0c, 0, 3, 1 << 1, 1, 0xd0)).isTrue();
        // AP with a trailing picture, then an IDR
        assertThat(h265(48 << 1, 1, 0, 3, 1 << 1, 1, 0xd0, 0, 3, 19 << 1, 1, 0xaf)).isTrue();
        // AP with trailing pictures only
        assertThat(h265(48 << 1, 1, 0, 3, 1 << 1, 1, 0xd0, 0, 3, 1 << 1, 1, 0xd1)).isFalse();
        // AP unit sizes that are impossible
        assertThat(h265(48 << 1, 1, 0, 1, 19 << 1)).isFalse();
        assertThat(h265(48 << 1, 1, 0, 40, 19 << 1, 1, 0xaf)).isFalse();
    }

    @Test
    void h265FragmentationUnit() {
        assertThat(h265(49 << 1, 1, 0x80 | 19, 0xaf)).as("FU start of IDR").isTrue();
        assertThat(h265(49 << 1, 1, 0x80 | 21, 0xaf)).as("FU start of CRA").isTrue();
        assertThat(h265(49 << 1, 1, 19, 0xaf)).as("FU continuation of IDR").isFalse();
        assertThat(h265(49 << 1, 1, 0x40 | 19, 0xaf)).as("FU end of IDR").isFalse();
        assertThat(h265(49 << 1, 1, 0x80 | 1, 0xd0)).as("FU start of TRAIL_R").isFalse();
        assertThat(h265(49 << 1, 1)).as("FU without FU header").isFalse();
    }

    @Test
    void h265NeedsTwoByteNalHeader() {
        assertThat(h265(19 << 1)).isFalse();
    }

    @Test
    void emptyPayloadIsNotAKeyframe() {
        assertThat(key("H264", rtp())).isFalse();
        assertThat(key("H265", rtp())).isFalse();
    }

    @Test
    void invalidRtpIsNotAKeyframe() {
        ByteBuf shortPacket = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 96, 0, 1, 0x65});
        ByteBuf version1 = Unpooled.wrappedBuffer(new byte[] {0x40, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x65});
        ByteBuf empty = Unpooled.buffer(0);
        try {
            assertThat(KeyframeDetector.isKeyframeStart("H264", shortPacket)).isFalse();
            assertThat(KeyframeDetector.isKeyframeStart("H264", version1)).isFalse();
            assertThat(KeyframeDetector.isKeyframeStart("H265", empty)).isFalse();
        } finally {
            shortPacket.release();
            version1.release();
            empty.release();
        }
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (0x80 | bytes[0] & 0x3f); // version 2, so the payload parsers run
            }
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                for (String encoding : new String[] {"H264", "H265"}) {
                    assertThatCode(() -> KeyframeDetector.isKeyframeStart(encoding, buf)).doesNotThrowAnyException();
                }
                assertThat(buf.readerIndex()).isZero();
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCMU", "PCMA", "JPEG", "MPEG4-GENERIC", "vnd.onvif.metadata", ""})
    void codecsWithoutGopAlwaysStartAFrame(String encoding) {
        assertThat(KeyframeDetector.isVideoCodecWithGop(encoding)).isFalse();
        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {1, 2});
        try {
            assertThat(KeyframeDetector.isKeyframeStart(encoding, garbage)).isTrue();
        } finally {
            garbage.release();
        }
        assertThat(key(encoding, rtp().payload(0x41))).isTrue();
    }

    @Test
    void nullEncodingHasNoGop() {
        assertThat(KeyframeDetector.isVideoCodecWithGop(null)).isFalse();
        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {1});
        try {
            assertThat(KeyframeDetector.isKeyframeStart(null, garbage)).isTrue();
        } finally {
            garbage.release();
        }
    }

    @Test
    void gopCodecs() {
        assertThat(KeyframeDetector.isVideoCodecWithGop("H264")).isTrue();
        assertThat(KeyframeDetector.isVideoCodecWithGop("h265")).isTrue();
        assertThat(KeyframeDetector.isVideoCodecWithGop("HEVC")).isTrue();
    }
}
