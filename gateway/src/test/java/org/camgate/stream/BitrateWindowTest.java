package org.camgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BitrateWindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void reportsTheLastWholeSecondAndZeroOnceTheCameraIsSilent() {
        BitrateWindow window = new BitrateWindow();
        long t = 1_000 * MS;
        assertThat(window.bitsPerSecond(t)).isZero();
        for (int i = 0; i <= 25; i++) { // 25 fps, 5,000 bytes a frame: 1 Mbit/s
            window.add(5_000, t + i * 40 * MS);
        }
        long last = t + 25 * 40 * MS;
        assertThat(window.bitsPerSecond(last)).isEqualTo(1_040_000); // 26 frames counted over the first 1.0 s
        for (int i = 1; i <= 25; i++) {
            window.add(2_500, last + i * 40 * MS);
        }
        long later = last + 25 * 40 * MS;
        assertThat(window.bitsPerSecond(later)).isEqualTo(500_000);
        assertThat(window.bitsPerSecond(later + 3_000 * MS)).isEqualTo(500_000);
        assertThat(window.bitsPerSecond(later + 3_001 * MS)).isZero();
    }
}
