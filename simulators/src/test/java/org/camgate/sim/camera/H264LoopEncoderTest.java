package org.camgate.sim.camera;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H264LoopEncoderTest {

    @Test
    void encodesOneAccessUnitPerFrameWithParameterSetsOnEveryIdr() {
        SimCameraConfig config = SimCameraConfig.of("cam1").withSize(320, 180).withGopFrames(10);
        EncodedLoop loop = H264LoopEncoder.encode(config, 3);

        assertThat(loop.units()).hasSize(30);
        for (int i = 0; i < 30; i++) {
            EncodedLoop.AccessUnit au = loop.units().get(i);
            assertThat(au.keyframe()).as("frame %d keyframe", i).isEqualTo(i % 10 == 0);
            if (au.keyframe()) {
                assertThat(au.nals().get(0)[0] & 0x1F).isEqualTo(7);
                assertThat(au.nals().get(1)[0] & 0x1F).isEqualTo(8);
            }
        }
        assertThat(loop.fmtp()).matches(
                "packetization-mode=1;profile-level-id=42[0-9A-F]{4};sprop-parameter-sets=[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+");
    }

    @Test
    void rendersAFrameThatChangesOverTime() {
        SceneRenderer scene = new SceneRenderer(64, 36, 10);
        byte[] y0 = new byte[64 * 36];
        byte[] y1 = new byte[64 * 36];
        byte[] c = new byte[64 * 36 / 4];
        scene.render(0, y0, c, c.clone());
        scene.render(1, y1, c, c.clone());
        assertThat(y0).isNotEqualTo(y1);
        byte[] again = new byte[64 * 36];
        scene.render(10, again, c, c.clone());
        assertThat(again).isEqualTo(y0);
    }
}
