package org.camgate.sensor.common;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.camgate.common.yaml.YamlMap;

/**
 * One kind of sensor (radar, LiDAR, thermal): its settings, how they are bound from YAML, its datagram input and
 * detectors, and what its zones count in the hourly statistics. A new kind is a package beside the others that makes
 * one of these, listed in {@code org.camgate.sensor.SensorKinds}.
 *
 * @param name       yaml {@code type} (lower case), also the events' {@code source.type} and the metrics' {@code type} tag
 * @param settings   the kind's settings record
 * @param keys       the keys of a {@code sensors[]} entry the kind reads besides the common ones, e.g. zones
 * @param binder     binds the kind's own keys of a {@code sensors[]} entry (problems recorded in the map); gives how to
 *                   make the settings once the common part is known, or null when something was wrong
 * @param inputs     a new input (datagram decoding and detectors) for one sensor, used on its channel only
 * @param statistics for each zone and line of a sensor, the detections the hourly statistics count, in a fixed order
 * @param <S>        the kind's settings record
 */
public record SensorKind<S extends SensorSettings>(String name, Class<S> settings, List<String> keys,
                                                   Function<YamlMap, Function<CommonSettings, S>> binder,
                                                   Function<S, SensorInput> inputs,
                                                   Function<S, Map<String, List<String>>> statistics) {
    public SensorKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        keys = List.copyOf(keys);
        Objects.requireNonNull(binder, "binder");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(statistics, "statistics");
    }

    /** Whether {@code sensor} is of this kind. */
    public boolean isKindOf(SensorSettings sensor) {
        return settings.isInstance(sensor);
    }

    /** A new input for a sensor of this kind. */
    public SensorInput input(SensorSettings sensor) {
        return inputs.apply(settings.cast(sensor));
    }

    /** What the hourly statistics count for each zone and line of a sensor of this kind. */
    public Map<String, List<String>> statistics(SensorSettings sensor) {
        return statistics.apply(settings.cast(sensor));
    }
}
