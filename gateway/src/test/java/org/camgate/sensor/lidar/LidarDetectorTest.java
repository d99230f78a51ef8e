package org.camgate.sensor.lidar;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.Recorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LidarDetectorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Box3 ROOM = new Box3(0, 0, 0, 4, 4, 3);
    private final Recorder rec = new Recorder();

    private static LidarDetector detector(LidarZone... zones) {
        return new LidarDetector(new LidarSettings(new CommonSettings("l", URI.create("udp://127.0.0.1:1"),
                Duration.ofSeconds(5), Duration.ofMillis(500), List.of(), true), 0.2, List.of(zones)));
    }

    /** {@code n} points in a 0.4 m square around (x, y) at height z, plus ground points everywhere. */
    private static PointCloud cloud(int n, double x, double y, double z) {
        List<float[]> pts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pts.add(new float[] {i % 10 * 0.4f, i / 10 * 0.8f, 0.05f, 1});   // ground, inside the room's footprint
        }
        for (int i = 0; i < n; i++) {
            pts.add(new float[] {(float) (x + (i % 4) * 0.1 - 0.15), (float) (y + (i / 4 % 4) * 0.1 - 0.15), (float) z, 1});
        }
        float[] a = new float[pts.size() * 4];
        for (int i = 0; i < pts.size(); i++) {
            System.arraycopy(pts.get(i), 0, a, i * 4, 4);
        }
        return new PointCloud(a, pts.size());
    }

    private static Instant t(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    @Test
    void occupancyNeedsNPointsOverKFramesAndIgnoresGround() {
        LidarDetector d = detector(new LidarZone("room", null, ROOM, 30, 3, null, null));
        d.onFrame(cloud(0, 2, 2, 1), t(0), rec);          // ground only: 50 points, all removed
        d.onFrame(cloud(10, 2, 2, 1), t(0.1), rec);
        d.onFrame(cloud(10, 2, 2, 1), t(0.2), rec);
        assertThat(rec.take()).isEmpty();                 // 20 over the last 3 frames
        d.onFrame(cloud(10, 2, 2, 1), t(0.3), rec);       // 30
        assertThat(rec.data.get(0)).containsEntry("points", 30);
        assertThat(rec.take()).containsExactly("occupancy/start/room");
        d.onFrame(cloud(10, 9, 9, 1), t(0.4), rec);       // outside the box: 20 over 3 frames
        d.onFrame(cloud(0, 2, 2, 1), t(0.8), rec);
        assertThat(rec.take()).isEmpty();                 // within the hold
        d.onFrame(cloud(0, 2, 2, 1), t(0.9), rec);
        assertThat(rec.take()).containsExactly("occupancy/end/room");
    }

    @Test
    void pointsAboveTheBoxOrInAPolygonZone() {
        LidarZone poly = new LidarZone("floor", List.of(new Point2(0, 0), new Point2(4, 0), new Point2(0, 4)), null, 5, 1, null, null);
        LidarDetector d = detector(new LidarZone("room", null, ROOM, 5, 1, null, null), poly);
        d.onFrame(cloud(16, 3, 3, 3.5), t(0), rec);       // above the box and outside the triangle
        assertThat(rec.take()).isEmpty();
        d.onFrame(cloud(16, 1, 1, 3.5), t(0.1), rec);
        assertThat(rec.take()).containsExactly("occupancy/start/floor");
    }

    @Test
    void dwellStartsAfterTheLimitAndEndsWithOccupancy() {
        LidarDetector d = detector(new LidarZone("shaft", null, ROOM, 10, 1, Duration.ofSeconds(2), null));
        for (int i = 0; i <= 19; i++) {
            d.onFrame(cloud(16, 2, 2, 1), t(i * 0.1), rec);
        }
        assertThat(rec.take()).containsExactly("occupancy/start/shaft");
        d.onFrame(cloud(16, 2, 2, 1), t(2.0), rec);
        assertThat(rec.data.get(0)).containsEntry("dwellSeconds", 2.0);
        assertThat(rec.take()).containsExactly("dwell/start/shaft");
        d.onFrame(cloud(0, 2, 2, 1), t(2.1), rec);
        d.onFrame(cloud(0, 2, 2, 1), t(2.6), rec);
        assertThat(rec.data.get(1)).containsEntry("dwellSeconds", 2.6);
        assertThat(rec.take()).containsExactly("occupancy/end/shaft", "dwell/end/shaft");
    }

    @Test
    void speedOfATrackedClusterAboveTheLimit() {
        Box3 corridor = new Box3(-50, -5, 0, 50, 5, 3);
        LidarDetector d = detector(new LidarZone("corridor", null, corridor, 10, 1, null, 2.0));
        // 1.5 m/s: a walk, below the limit
        for (int i = 0; i < 10; i++) {
            d.onFrame(cloud(16, -10 + i * 0.15, 0, 1), t(i * 0.1), rec);
        }
        assertThat(rec.take()).containsExactly("occupancy/start/corridor");
        // 2.5 m/s: a run
        for (int i = 10; i < 20; i++) {
            d.onFrame(cloud(16, -8.5 + (i - 10) * 0.25, 0, 1), t(i * 0.1), rec);
        }
        assertThat(rec.lines).containsExactly("speed/start/corridor");
        assertThat((double) rec.data.get(0).get("speed")).isBetween(2.0, 2.6);
    }

    @Test
    void clustersSplitByAnEmptyCellAndNoiseIsIgnored() {
        GridClusterer g = new GridClusterer(0.5);
        for (int i = 0; i < 10; i++) {
            g.add(0.1, 0.1 + i * 0.01);
            g.add(2.1, 0.1);
        }
        g.add(5, 5);                                      // one stray point: noise
        assertThat(g.clusters()).hasSize(2);
    }
}
