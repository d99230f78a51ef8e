package org.camgate.sensor.radar;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.camgate.sensor.common.Point2;

/**
 * One zone of a radar and the detectors that watch it; a detector whose setting is null is off.
 *
 * @param polygon    metres in the radar's plane
 * @param intrusion  report tracks inside
 * @param dwell      report a track staying inside longer than this
 * @param speedLimit report tracks faster than this, m/s
 */
public record RadarZone(String id, List<Point2> polygon, boolean intrusion, Duration dwell, Double speedLimit) {
    public RadarZone {
        Objects.requireNonNull(id, "id");
        polygon = List.copyOf(polygon);
    }
}
