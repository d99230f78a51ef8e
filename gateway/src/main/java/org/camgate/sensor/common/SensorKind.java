package org.camgate.sensor.common;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camgate.config.YamlMap;

/**
 * One kind of sensor (radar, LiDAR, thermal): its settings, how they are bound from YAML, its datagram input and
 * detectors, and what its zones count in the hourly statistics. A new kind is a package beside the others with one
 * of these, listed in {@code org.camgate.sensor.SensorKinds}.
 *
 * @param <S> the kind's settings record
 */
public interface SensorKind<S extends SensorSettings> {
    /** Yaml {@code type} (lower case), also the events' {@code source.type} and the metrics' {@code type} tag. */
    String name();

    Class<S> settingsType();

    /** The keys of a {@code sensors[]} entry this kind reads besides the common ones, e.g. zones. */
    List<String> keys();

    /**
     * Binds the kind's own keys of a {@code sensors[]} entry (problems recorded in {@code m}); returns how to make
     * the settings once the common part is known, or null when something was wrong.
     */
    Function<CommonSettings, S> bind(YamlMap m);

    /** A new input (datagram decoding and detectors) for one sensor; used on that sensor's channel only. */
    SensorInput input(S settings);

    /** For each zone and line, the detections the hourly statistics count, in a fixed order. */
    Map<String, List<String>> statistics(S settings);
}
