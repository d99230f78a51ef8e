package org.camgate.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.camgate.protocol.rtp.NalCodec;
import org.junit.jupiter.api.Test;

/** Needs the ffmpeg command with libx265 (CI installs Debian's ffmpeg). */
class H265ProcessEncoderTest {

    @Test
    void encodesOneAccessUnitPerFrameWithParameterSetsOnEveryKeyframe() {
        SimCameraConfig config = SimCameraConfig.of("hevc").withSize(320, 180).withGopFrames(10)
                .withCodec(NalCodec.H265);
        EncodedLoop loop = H265ProcessEncoder.encode(config, H264LoopEncoder.Plan.loop(config, 1).withGops(3));

        assertThat(loop.codec()).isEqualTo(NalCodec.H265);
        assertThat(loop.units()).hasSize(30);
        for (int i = 0; i < 30; i++) {
            EncodedLoop.AccessUnit au = loop.units().get(i);
            assertThat(au.keyframe()).as("frame %d keyframe", i).isEqualTo(i % 10 == 0);
            if (au.keyframe()) {
                assertThat(NalCodec.H265.type(au.nals().get(0)[0])).isEqualTo(32);
                assertThat(NalCodec.H265.type(au.nals().get(1)[0])).isEqualTo(33);
                assertThat(NalCodec.H265.type(au.nals().get(2)[0])).isEqualTo(34);
            }
            assertThat(au.nals()).noneMatch(n -> NalCodec.H265.type(n[0]) == 35);
        }
        assertThat(loop.fmtp()).matches("sprop-vps=[A-Za-z0-9+/=]+;sprop-sps=[A-Za-z0-9+/=]+;sprop-pps=[A-Za-z0-9+/=]+");
    }
}
