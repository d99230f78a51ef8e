package org.camgate.protocol.video;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H264EncoderTest {
    @Test
    void encodesOneAccessUnitPerPictureWithParameterSetsFirstInEveryIdr() {
        int w = 160;
        int h = 90;
        byte[] y = new byte[w * h];
        byte[] c = new byte[w * h / 4];
        Arrays.fill(c, (byte) 128);
        List<H264Encoder.AccessUnit> units;
        byte[] sps;
        try (H264Encoder encoder = new H264Encoder(w, h, 25, 300_000, 5, Map.of("allow_skip_frames", "0"))) {
            for (int i = 0; i < 10; i++) {
                Arrays.fill(y, (byte) (16 + 20 * i));
                encoder.encode(y, c, c, i % 5 == 0);
            }
            units = encoder.finish();
            sps = encoder.sps();
            assertThat(encoder.pps()).isNotNull();
        }
        assertThat(units).hasSize(10);
        assertThat(units).extracting(H264Encoder.AccessUnit::idr)
                .containsExactly(true, false, false, false, false, true, false, false, false, false);
        for (H264Encoder.AccessUnit unit : units) {
            if (unit.idr()) {
                assertThat(H264Encoder.type(unit.nals().get(0))).isEqualTo(7);
                assertThat(H264Encoder.type(unit.nals().get(1))).isEqualTo(8);
                assertThat(unit.nals().get(0)).isEqualTo(sps);
            } else {
                assertThat(unit.nals()).noneMatch(n -> H264Encoder.type(n) == 7 || H264Encoder.type(n) == 5);
            }
        }
        // Constrained baseline: profile_idc 66 with constraint_set1.
        assertThat(sps[1] & 0xff).isEqualTo(66);
        assertThat(sps[2] & 0x40).isNotZero();
    }

    @Test
    void oddSizesAreRefused() {
        assertThatThrownBy(() -> new H264Encoder(161, 90, 25, 100_000, 5, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("resolution 161x90 (expected: even, 2..8192)");
    }
}
