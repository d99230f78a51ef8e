package org.camgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One zone of a sensor and the detectors that watch it. The shape is a polygon ({@code polygon}: metres for radar
 * and LiDAR, pixel column/row for thermal) or, for LiDAR, a 3D box. A detector whose setting is null is off.
 *
 * @param intrusion      radar: report tracks inside
 * @param dwell          radar/LiDAR: report presence lasting longer than this
 * @param speedLimit     radar/LiDAR: report objects faster than this, m/s
 * @param minPoints      LiDAR occupancy: at least this many non-ground points in the zone ...
 * @param frames         ... summed over the last this many frames
 * @param fireTemperature thermal: hottest pixel at or above this, degrees Celsius
 * @param riseRate       thermal: hottest pixel rising at least this fast, degrees Celsius per minute ...
 * @param riseWindow     ... measured over this window
 * @param presence       thermal: report a body-temperature blob
 * @param bodyMin        thermal presence: lowest body-surface temperature, degrees Celsius
 * @param bodyMax        thermal presence: highest
 * @param minPixels      thermal presence: smallest blob, pixels (4-connected)
 */
public record ZoneConfig(String id, List<Point2> polygon, Box3 box, boolean intrusion, Duration dwell, Double speedLimit,
                         int minPoints, int frames, Double fireTemperature, Double riseRate, Duration riseWindow,
                         boolean presence, double bodyMin, double bodyMax, int minPixels) {
    public static final int DEFAULT_MIN_POINTS = 20;
    public static final int DEFAULT_FRAMES = 3;
    public static final Duration DEFAULT_RISE_WINDOW = Duration.ofSeconds(30);
    public static final double DEFAULT_BODY_MIN = 28;
    public static final double DEFAULT_BODY_MAX = 40;
    public static final int DEFAULT_MIN_PIXELS = 4;

    public ZoneConfig {
        Objects.requireNonNull(id, "id");
        polygon = polygon == null ? null : List.copyOf(polygon);
        if ((polygon == null) == (box == null)) {
            throw new IllegalArgumentException("zone " + id + ": exactly one of polygon and box");
        }
        Objects.requireNonNull(riseWindow, "riseWindow");
    }

    /** A radar zone. */
    public static ZoneConfig radar(String id, List<Point2> polygon, boolean intrusion, Duration dwell, Double speedLimit) {
        return new ZoneConfig(id, polygon, null, intrusion, dwell, speedLimit, DEFAULT_MIN_POINTS, DEFAULT_FRAMES,
                null, null, DEFAULT_RISE_WINDOW, false, DEFAULT_BODY_MIN, DEFAULT_BODY_MAX, DEFAULT_MIN_PIXELS);
    }

    /** A LiDAR zone (polygon or box). */
    public static ZoneConfig lidar(String id, List<Point2> polygon, Box3 box, int minPoints, int frames, Duration dwell,
                                   Double speedLimit) {
        return new ZoneConfig(id, polygon, box, false, dwell, speedLimit, minPoints, frames,
                null, null, DEFAULT_RISE_WINDOW, false, DEFAULT_BODY_MIN, DEFAULT_BODY_MAX, DEFAULT_MIN_PIXELS);
    }

    /** A thermal zone. */
    public static ZoneConfig thermal(String id, List<Point2> polygon, Double fireTemperature, Double riseRate,
                                     Duration riseWindow, boolean presence, double bodyMin, double bodyMax, int minPixels) {
        return new ZoneConfig(id, polygon, null, false, null, null, DEFAULT_MIN_POINTS, DEFAULT_FRAMES,
                fireTemperature, riseRate, riseWindow, presence, bodyMin, bodyMax, minPixels);
    }
}
