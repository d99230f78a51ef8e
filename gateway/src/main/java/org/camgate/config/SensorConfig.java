package org.camgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.camgate.access.Cidr;

/**
 * A privacy-friendly sensor whose detections become events, e.g. {@code input: udp://127.0.0.1:9101}.
 *
 * @param silenceTimeout a {@code fault} starts when no valid packet arrived for this long, and ends with the next one
 * @param hold           a detection ends only after its condition has been false for this long (hysteresis)
 * @param groundZ        LiDAR: points at or below this height (metres) are ground and ignored
 * @param temperatureHysteresis thermal: a fire ends only below its temperature by this many degrees
 * @param zones          where detectors look
 * @param lines          radar: lines whose crossing is reported
 * @param allow          source networks datagrams are accepted from; empty: any
 * @param faultEndsDetections when a {@code fault} starts, the sensor's active detections end (reason {@code fault}),
 *                       so a dead sensor cannot hold a gate open
 */
public record SensorConfig(String id, SensorType type, URI input, Duration silenceTimeout, Duration hold,
                           double groundZ, double temperatureHysteresis, List<ZoneConfig> zones, List<LineConfig> lines,
                           List<Cidr> allow, boolean faultEndsDetections) {
    public static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(2);
    public static final double DEFAULT_GROUND_Z = 0.2;
    public static final double DEFAULT_TEMPERATURE_HYSTERESIS = 5;

    public SensorConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(silenceTimeout, "silenceTimeout");
        Objects.requireNonNull(hold, "hold");
        zones = List.copyOf(zones);
        lines = List.copyOf(lines);
        allow = List.copyOf(allow);
    }

    /** A sensor whose fault ends its detections (the default). */
    public SensorConfig(String id, SensorType type, URI input, Duration silenceTimeout, Duration hold,
                        double groundZ, double temperatureHysteresis, List<ZoneConfig> zones, List<LineConfig> lines,
                        List<Cidr> allow) {
        this(id, type, input, silenceTimeout, hold, groundZ, temperatureHysteresis, zones, lines, allow, true);
    }

    /** A sensor that accepts datagrams from any source. */
    public SensorConfig(String id, SensorType type, URI input, Duration silenceTimeout, Duration hold,
                        double groundZ, double temperatureHysteresis, List<ZoneConfig> zones, List<LineConfig> lines) {
        this(id, type, input, silenceTimeout, hold, groundZ, temperatureHysteresis, zones, lines, List.of());
    }

    /** A sensor with default timings and no zones (it still reports faults). */
    public SensorConfig(String id, SensorType type, URI input) {
        this(id, type, input, DEFAULT_SILENCE_TIMEOUT, DEFAULT_HOLD, DEFAULT_GROUND_Z, DEFAULT_TEMPERATURE_HYSTERESIS,
                List.of(), List.of());
    }
}
