package org.camgate.sensor.lidar;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camgate.event.EventState;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.FrameDetector;
import org.camgate.sensor.common.Latch;
import org.camgate.sensor.common.Measurements;
import org.camgate.sensor.common.Polygon;
import org.camgate.sensor.common.SpeedAlarm;

/**
 * LiDAR detections from whole point clouds: per zone occupancy (at least N non-ground points summed over the last
 * K frames), dwell (occupied longer than T) and object speed (grid clusters tracked frame to frame). Ground is every
 * point at or below {@code groundZ}. Runs on one thread.
 */
final class LidarDetector implements FrameDetector<PointCloud> {
    private final float groundZ;
    private final Duration hold;
    private final ZoneState[] zones;

    LidarDetector(LidarSettings config) {
        this.groundZ = (float) config.groundZ();
        this.hold = config.hold();
        this.zones = new ZoneState[config.zones().size()];
        for (int i = 0; i < zones.length; i++) {
            zones[i] = new ZoneState(config.zones().get(i));
        }
    }

    @Override
    public void onFrame(PointCloud cloud, Instant now, DetectionSink sink) {
        float[] p = cloud.xyzi();
        int n = cloud.count();
        for (ZoneState z : zones) {
            z.beginFrame();
        }
        for (int i = 0, at = 0; i < n; i++, at += 4) {
            float z = p[at + 2];
            if (z <= groundZ) {
                continue;
            }
            float x = p[at];
            float y = p[at + 1];
            for (ZoneState zone : zones) {
                if (zone.contains(x, y, z)) {
                    zone.add(x, y);
                }
            }
        }
        for (ZoneState z : zones) {
            z.endFrame(now, sink);
        }
    }

    @Override
    public void reset() {
        for (ZoneState z : zones) {
            z.tracker.clear();
        }
    }

    private final class ZoneState {
        private final LidarZone config;
        private final Box3 box;
        private final Polygon polygon;
        private final int[] counts;
        private int frameIndex;
        private int current;
        private final Latch occupancy = new Latch(hold);
        private final Latch dwell = new Latch(Duration.ZERO);
        /** Null when the zone has no speed limit. */
        private final SpeedAlarm speed;
        private final GridClusterer clusterer;
        private final ObjectTracker tracker = new ObjectTracker();

        ZoneState(LidarZone config) {
            this.config = config;
            this.box = config.box();
            this.polygon = config.polygon() == null ? null : new Polygon(config.polygon());
            this.counts = new int[config.frames()];
            this.clusterer = config.speedLimit() == null ? null : new GridClusterer(GridClusterer.DEFAULT_CELL);
            this.speed = config.speedLimit() == null ? null : new SpeedAlarm(config.id(), config.speedLimit(), hold);
        }

        void beginFrame() {
            current = 0;
            if (clusterer != null) {
                clusterer.clear();
            }
        }

        boolean contains(float x, float y, float z) {
            return box != null ? box.contains(x, y, z) : polygon.contains(x, y);
        }

        void add(float x, float y) {
            current++;
            if (clusterer != null) {
                clusterer.add(x, y);
            }
        }

        void endFrame(Instant now, DetectionSink sink) {
            counts[frameIndex] = current;
            frameIndex = (frameIndex + 1) % counts.length;
            int sum = 0;
            for (int c : counts) {
                sum += c;
            }
            String id = config.id();
            switch (occupancy.update(sum >= config.minPoints(), now)) {
                case START -> sink.emit("occupancy", EventState.START, id, Map.of("points", sum));
                case END -> sink.emit("occupancy", EventState.END, id,
                        Map.of("seconds", Measurements.seconds(Duration.between(occupancy.since(), now))));
                default -> { }
            }
            if (config.dwell() != null) {
                Duration occupied = occupancy.active() ? Duration.between(occupancy.since(), now) : Duration.ZERO;
                switch (dwell.update(occupancy.active() && occupied.compareTo(config.dwell()) >= 0, now)) {
                    case START -> sink.emit("dwell", EventState.START, id, Map.of("dwellSeconds", Measurements.seconds(occupied)));
                    case END -> sink.emit("dwell", EventState.END, id,
                            Map.of("dwellSeconds", Measurements.seconds(Duration.between(occupancy.since(), now))));
                    default -> { }
                }
            }
            if (clusterer != null) {
                List<double[]> centroids = clusterer.clusters();
                speed.update(tracker.update(centroids, now), now, sink);
            }
        }
    }
}
