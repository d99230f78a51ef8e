package org.camgate.sensor.lidar;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.camgate.sensor.common.Point2;

/**
 * One zone of a LiDAR and the detectors that watch it: a polygon in the plane (metres) or a 3D box. A detector whose
 * setting is null is off; occupancy is always on.
 *
 * @param minPoints  occupancy: at least this many non-ground points in the zone ...
 * @param frames     ... summed over the last this many frames
 * @param dwell      report the zone occupied longer than this
 * @param speedLimit report objects faster than this, m/s
 */
public record LidarZone(String id, List<Point2> polygon, Box3 box, int minPoints, int frames, Duration dwell,
                        Double speedLimit) {
    public static final int DEFAULT_MIN_POINTS = 20;
    public static final int DEFAULT_FRAMES = 3;

    public LidarZone {
        Objects.requireNonNull(id, "id");
        polygon = polygon == null ? null : List.copyOf(polygon);
        if ((polygon == null) == (box == null)) {
            throw new IllegalArgumentException("zone " + id + ": exactly one of polygon and box");
        }
    }
}
