package org.camgate.sensor.thermal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.Recorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThermalDetectorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Point2> LEFT_HALF = List.of(new Point2(0, 0), new Point2(16, 0), new Point2(16, 24), new Point2(0, 24));
    private final Recorder rec = new Recorder();

    private static ThermalDetector detector(ThermalZone zone) {
        return new ThermalDetector(new ThermalSettings(new CommonSettings("t", URI.create("udp://127.0.0.1:1"),
                Duration.ofSeconds(5), Duration.ofMillis(500), List.of(), true), 5, List.of(zone)));
    }

    private static short[] background() {
        short[] px = new short[32 * 24];
        Arrays.fill(px, (short) ThermalFrame.centiKelvin(20));
        return px;
    }

    private static ThermalFrame frame(short[] px) {
        return new ThermalFrame(32, 24, px);
    }

    private static Instant t(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    @Test
    void fireAtTheTemperatureEndsOnlyBelowItMinusTheHysteresisAfterTheHold() {
        ThermalDetector d = detector(new ThermalZone("store", LEFT_HALF, 80.0, null, Duration.ofSeconds(30), false, 28, 40, 4));
        short[] px = background();
        px[5 * 32 + 20] = (short) ThermalFrame.centiKelvin(300);   // outside the zone (column 20)
        d.onFrame(frame(px), t(0), rec);
        px[5 * 32 + 3] = (short) ThermalFrame.centiKelvin(80);
        d.onFrame(frame(px), t(0.1), rec);
        assertThat(rec.data.get(0)).containsEntry("temperature", 80.0);
        assertThat(rec.take()).containsExactly("fire/start/store");
        px[5 * 32 + 3] = (short) ThermalFrame.centiKelvin(76);     // below 80, above 75: still burning
        d.onFrame(frame(px), t(0.2), rec);
        d.onFrame(frame(px), t(1.5), rec);
        px[5 * 32 + 3] = (short) ThermalFrame.centiKelvin(74);
        d.onFrame(frame(px), t(1.6), rec);
        d.onFrame(frame(px), t(2.0), rec);
        assertThat(rec.take()).isEmpty();
        d.onFrame(frame(px), t(2.1), rec);
        assertThat(rec.data.get(0)).containsEntry("temperature", 74.0).containsEntry("peakTemperature", 80.0);
        assertThat(rec.take()).containsExactly("fire/end/store");
    }

    @Test
    void rateOfRiseTriggersBelowTheAbsoluteTemperature() {
        ThermalDetector d = detector(new ThermalZone("store", LEFT_HALF, 200.0, 30.0, Duration.ofSeconds(10), false, 28, 40, 4));
        short[] px = background();
        for (int i = 0; i <= 20; i++) {       // +0.4 degrees per second = 24 per minute: below 30
            px[40] = (short) ThermalFrame.centiKelvin(30 + i * 0.04);
            d.onFrame(frame(px), t(i * 0.1), rec);
        }
        assertThat(rec.take()).isEmpty();
        for (int i = 0; i <= 20; i++) {       // +1 degree per second = 60 per minute
            px[40] = (short) ThermalFrame.centiKelvin(31 + i * 0.1);
            d.onFrame(frame(px), t(2.1 + i * 0.1), rec);
        }
        assertThat(rec.take()).containsExactly("fire/start/store");
    }

    @Test
    void presenceNeedsABodyTemperatureBlobOfMinPixels() {
        ThermalDetector d = detector(new ThermalZone("hall", LEFT_HALF, null, null, Duration.ofSeconds(30), true, 28, 40, 4));
        short[] px = background();
        short body = (short) ThermalFrame.centiKelvin(33);
        px[2 * 32 + 2] = body;     // three separate warm pixels: no blob of 4
        px[2 * 32 + 4] = body;
        px[4 * 32 + 2] = body;
        px[2 * 32 + 20] = body;    // and a 2x2 blob outside the zone
        px[2 * 32 + 21] = body;
        px[3 * 32 + 20] = body;
        px[3 * 32 + 21] = body;
        px[10 * 32 + 10] = (short) ThermalFrame.centiKelvin(90);   // too hot to be a body
        px[10 * 32 + 11] = (short) ThermalFrame.centiKelvin(90);
        px[11 * 32 + 10] = (short) ThermalFrame.centiKelvin(90);
        px[11 * 32 + 11] = (short) ThermalFrame.centiKelvin(90);
        d.onFrame(frame(px), t(0), rec);
        assertThat(rec.take()).isEmpty();
        px[2 * 32 + 3] = body;     // joins (2,2) and (4,2) with (3,2), plus (2,3) below: 4-connected blob of 4
        px[3 * 32 + 2] = body;
        d.onFrame(frame(px), t(0.1), rec);
        assertThat(rec.data.get(0)).containsEntry("pixels", 5);
        assertThat(rec.take()).containsExactly("presence/start/hall");
        d.onFrame(frame(background()), t(0.2), rec);
        d.onFrame(frame(background()), t(0.7), rec);
        assertThat(rec.take()).containsExactly("presence/end/hall");
    }
}
