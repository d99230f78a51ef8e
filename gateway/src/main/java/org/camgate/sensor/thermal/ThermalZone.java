package org.camgate.sensor.thermal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.camgate.sensor.common.Point2;

/**
 * One zone of a thermal sensor and the detectors that watch it. A detector whose setting is null is off.
 *
 * @param polygon         pixel column/row
 * @param fireTemperature hottest pixel at or above this, degrees Celsius
 * @param riseRate        hottest pixel rising at least this fast, degrees Celsius per minute ...
 * @param riseWindow      ... measured over this window
 * @param presence        report a body-temperature blob
 * @param bodyMin         presence: lowest body-surface temperature, degrees Celsius
 * @param bodyMax         presence: highest
 * @param minPixels       presence: smallest blob, pixels (4-connected)
 */
public record ThermalZone(String id, List<Point2> polygon, Double fireTemperature, Double riseRate, Duration riseWindow,
                          boolean presence, double bodyMin, double bodyMax, int minPixels) {
    public static final Duration DEFAULT_RISE_WINDOW = Duration.ofSeconds(30);
    public static final double DEFAULT_BODY_MIN = 28;
    public static final double DEFAULT_BODY_MAX = 40;
    public static final int DEFAULT_MIN_PIXELS = 4;

    public ThermalZone {
        Objects.requireNonNull(id, "id");
        polygon = List.copyOf(polygon);
        Objects.requireNonNull(riseWindow, "riseWindow");
    }
}
