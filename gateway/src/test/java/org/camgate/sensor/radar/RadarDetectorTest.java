package org.camgate.sensor.radar;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.Polygon;
import org.camgate.sensor.common.Recorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RadarDetectorTest {
    private static final List<Point2> SQUARE = List.of(new Point2(0, 0), new Point2(10, 0), new Point2(10, 10), new Point2(0, 10));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Recorder rec = new Recorder();

    private static RadarDetector detector(List<RadarZone> zones, List<LineConfig> lines) {
        return new RadarDetector(new RadarSettings(new CommonSettings("r", URI.create("udp://127.0.0.1:1"), Duration.ofSeconds(5),
                Duration.ofSeconds(1), List.of(), true), zones, lines));
    }

    private static RadarFrame frame(RadarTrack... tracks) {
        return new RadarFrame(-1, List.of(tracks));
    }

    private static RadarTrack at(String id, double x, double y, double vx, double vy) {
        return new RadarTrack(id, x, y, vx, vy, null);
    }

    private static Instant t(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    @Test
    void intrusionStartsAtOnceAndEndsAfterTheHold() {
        RadarDetector d = detector(List.of(new RadarZone("yard", SQUARE, true, null, null)), List.of());
        d.onFrame(frame(at("1", -1, 5, 1, 0)), t(0), rec);
        assertThat(rec.take()).isEmpty();
        d.onFrame(frame(at("1", 3, 4, 1, 0)), t(0.1), rec);
        assertThat(rec.data.get(0)).containsEntry("count", 1).containsEntry("distance", 5.0);
        assertThat(rec.take()).containsExactly("intrusion/start/yard");
        d.onFrame(frame(), t(0.2), rec);          // gone: hold starts
        d.onFrame(frame(at("1", 3, 4, 0, 0)), t(0.9), rec);  // back within the hold: no end, no new start
        d.onFrame(frame(), t(1.0), rec);
        d.onFrame(frame(), t(1.9), rec);
        assertThat(rec.take()).isEmpty();
        d.onFrame(frame(), t(2.0), rec);
        assertThat(rec.data.get(0)).containsEntry("seconds", 1.9);
        assertThat(rec.take()).containsExactly("intrusion/end/yard");
    }

    @Test
    void dwellNeedsOneTrackInsideLongerThanTheLimit() {
        RadarDetector d = detector(List.of(new RadarZone("yard", SQUARE, false, Duration.ofSeconds(3), null)), List.of());
        for (int i = 0; i <= 29; i++) {
            // track ids change at 1.5 s: a new object, its dwell starts again
            d.onFrame(frame(at(i < 15 ? "a" : "b", 5, 5, 0, 0)), t(i * 0.1), rec);
        }
        assertThat(rec.take()).isEmpty();
        for (int i = 30; i <= 45; i++) {
            d.onFrame(frame(at("b", 5, 5, 0, 0)), t(i * 0.1), rec);
        }
        assertThat(rec.data.get(0)).containsEntry("dwellSeconds", 3.0);
        assertThat(rec.take()).containsExactly("dwell/start/yard");
        d.onFrame(frame(), t(5), rec);
        d.onFrame(frame(), t(6), rec);
        assertThat(rec.data.get(0)).containsEntry("dwellSeconds", 3.0);
        assertThat(rec.take()).containsExactly("dwell/end/yard");
    }

    @Test
    void speedAboveTheLimitOnlyInsideTheZone() {
        RadarDetector d = detector(List.of(new RadarZone("road", SQUARE, false, null, 10.0)), List.of());
        d.onFrame(frame(at("car", 20, 5, 30, 0)), t(0), rec);        // fast, outside
        d.onFrame(frame(at("slow", 5, 5, 6, 8)), t(0.1), rec);       // 10 m/s exactly: not above
        assertThat(rec.take()).isEmpty();
        d.onFrame(frame(at("car", 5, 5, 12, 5)), t(0.2), rec);
        assertThat(rec.data.get(0)).containsEntry("speed", 13.0).containsEntry("limit", 10.0);
        d.onFrame(frame(at("car", 6, 5, 20, 0)), t(0.3), rec);
        d.onFrame(frame(), t(0.4), rec);
        d.onFrame(frame(), t(1.4), rec);
        assertThat(rec.data.get(1)).containsEntry("speed", 20.0);
        assertThat(rec.take()).containsExactly("speed/start/road", "speed/end/road");
    }

    @Test
    void lineCrossingsHaveADirectionAndRespectTheSegmentAndTheFilter() {
        LineConfig both = new LineConfig("gate", new Point2(0, 0), new Point2(0, 10), LineConfig.CrossingDirection.BOTH);
        LineConfig leftOnly = new LineConfig("in", new Point2(0, 0), new Point2(0, 10), LineConfig.CrossingDirection.LEFT);
        RadarDetector d = detector(List.of(), List.of(both, leftOnly));
        // from (0,0) looking to (0,10): left is -x. Moving from +x to -x crosses to the left.
        d.onFrame(frame(at("1", 1, 5, 0, 0)), t(0), rec);
        d.onFrame(frame(at("1", -1, 5, 0, 0)), t(0.1), rec);
        assertThat(rec.data.get(0)).containsEntry("direction", "left");
        assertThat(rec.take()).containsExactly("line-crossing/instant/gate", "line-crossing/instant/in");
        d.onFrame(frame(at("1", 1, 5, 0, 0)), t(0.2), rec);
        assertThat(rec.data.get(0)).containsEntry("direction", "right");
        assertThat(rec.take()).containsExactly("line-crossing/instant/gate");
        d.onFrame(frame(at("1", 1, 12, 0, 0)), t(0.3), rec);
        d.onFrame(frame(at("1", -1, 12, 0, 0)), t(0.4), rec);   // beyond the segment's end
        assertThat(rec.take()).isEmpty();
    }

    @Test
    void concavePolygonsExcludeTheirNotch() {
        Polygon u = new Polygon(List.of(new Point2(0, 0), new Point2(3, 0), new Point2(3, 3), new Point2(2, 3),
                new Point2(2, 1), new Point2(1, 1), new Point2(1, 3), new Point2(0, 3)));
        assertThat(u.contains(0.5, 2)).isTrue();
        assertThat(u.contains(1.5, 2)).isFalse();
        assertThat(u.contains(1.5, 0.5)).isTrue();
        assertThat(u.contains(2.5, 2.5)).isTrue();
        assertThat(u.contains(4, 1)).isFalse();
    }
}
