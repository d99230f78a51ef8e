package org.camgate.sensor.radar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Radar detections from track lists: per zone intrusion, dwell and speed (start/end with hysteresis), and per line
 * the crossings (instant, with direction). Runs on one thread (the sensor's channel).
 */
final class RadarDetector implements FrameDetector<RadarFrame> {
    private final List<Zone> zones = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();

    RadarDetector(RadarSettings config) {
        for (RadarZone z : config.zones()) {
            zones.add(new Zone(z, config.hold()));
        }
        for (LineConfig l : config.lines()) {
            lines.add(new Line(l));
        }
    }

    @Override
    public void onFrame(RadarFrame frame, Instant now, DetectionSink sink) {
        for (Zone zone : zones) {
            zone.update(frame.tracks(), now, sink);
        }
        for (Line line : lines) {
            line.update(frame.tracks(), sink);
        }
    }

    private static final class Zone {
        private final RadarZone config;
        private final Polygon polygon;
        private final Latch intrusion;
        private final Latch dwell;
        /** Null when the zone has no speed limit. */
        private final SpeedAlarm speed;
        /** Track id -> when it entered (bounded by the tracks of one frame). */
        private final Map<String, Instant> entered = new HashMap<>();
        private double longestDwell;

        Zone(RadarZone config, Duration hold) {
            this.config = config;
            this.polygon = new Polygon(config.polygon());
            this.intrusion = new Latch(hold);
            this.dwell = new Latch(hold);
            this.speed = config.speedLimit() == null ? null : new SpeedAlarm(config.id(), config.speedLimit(), hold);
        }

        void update(List<RadarTrack> tracks, Instant now, DetectionSink sink) {
            int inside = 0;
            double nearest = Double.MAX_VALUE;
            double fastest = 0;
            Duration longest = Duration.ZERO;
            Map<String, Instant> seen = new HashMap<>();
            for (RadarTrack t : tracks) {
                if (!polygon.contains(t.x(), t.y())) {
                    continue;
                }
                inside++;
                nearest = Math.min(nearest, t.distance());
                fastest = Math.max(fastest, t.speed());
                Instant since = entered.getOrDefault(t.id(), now);
                seen.put(t.id(), since);
                Duration d = Duration.between(since, now);
                if (d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
            entered.clear();
            entered.putAll(seen);
            String id = config.id();
            if (config.intrusion()) {
                switch (intrusion.update(inside > 0, now)) {
                    case START -> sink.emit("intrusion", EventState.START, id,
                            Map.of("count", inside, "distance", Measurements.round2(nearest)));
                    case END -> sink.emit("intrusion", EventState.END, id,
                            Map.of("seconds", Measurements.seconds(Duration.between(intrusion.since(), now))));
                    default -> { }
                }
            }
            if (config.dwell() != null) {
                double secs = Measurements.seconds(longest);
                switch (dwell.update(longest.compareTo(config.dwell()) >= 0, now)) {
                    case START -> {
                        longestDwell = secs;
                        sink.emit("dwell", EventState.START, id, Map.of("dwellSeconds", secs));
                    }
                    case END -> sink.emit("dwell", EventState.END, id, Map.of("dwellSeconds", longestDwell));
                    default -> longestDwell = Math.max(longestDwell, secs);
                }
            }
            if (speed != null) {
                speed.update(fastest, now, sink);
            }
        }
    }

    private static final class Line {
        private final LineConfig config;
        private final double ax;
        private final double ay;
        private final double dx;
        private final double dy;
        /** Track id -> last position (the tracks of the last frame only). */
        private final Map<String, double[]> last = new HashMap<>();

        Line(LineConfig config) {
            this.config = config;
            this.ax = config.from().x();
            this.ay = config.from().y();
            this.dx = config.to().x() - ax;
            this.dy = config.to().y() - ay;
        }

        /** Positive: left of from->to; negative: right. */
        private double side(double x, double y) {
            return dx * (y - ay) - dy * (x - ax);
        }

        void update(List<RadarTrack> tracks, DetectionSink sink) {
            Map<String, double[]> now = new HashMap<>();
            for (RadarTrack t : tracks) {
                now.put(t.id(), new double[] {t.x(), t.y()});
                double[] p = last.get(t.id());
                if (p == null) {
                    continue;
                }
                boolean wasLeft = side(p[0], p[1]) > 0;
                boolean isLeft = side(t.x(), t.y()) > 0;
                if (wasLeft == isLeft || !withinSegment(p[0], p[1], t.x(), t.y())) {
                    continue;
                }
                String direction = isLeft ? "left" : "right";
                if (config.direction() == LineConfig.CrossingDirection.BOTH
                        || config.direction().name().equalsIgnoreCase(direction)) {
                    sink.emit("line-crossing", EventState.INSTANT, config.id(),
                            Map.of("direction", direction, "speed", Measurements.round2(t.speed())));
                }
            }
            last.clear();
            last.putAll(now);
        }

        /** Whether the move p->q crosses the line between its end points (not its extension). */
        private boolean withinSegment(double px, double py, double qx, double qy) {
            double ex = qx - px;
            double ey = qy - py;
            double a0 = ex * (ay - py) - ey * (ax - px);
            double a1 = ex * (ay + dy - py) - ey * (ax + dx - px);
            return (a0 >= 0) != (a1 >= 0) || a0 == 0 || a1 == 0;
        }
    }

    /** Forgets positions and entry times (after a sensor fault: tracks do not survive a gap). */
    @Override
    public void reset() {
        for (Zone z : zones) {
            z.entered.clear();
        }
        for (Line l : lines) {
            l.last.clear();
        }
    }
}
