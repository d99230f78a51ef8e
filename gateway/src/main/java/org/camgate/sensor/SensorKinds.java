package org.camgate.sensor;

import java.util.List;
import java.util.Map;
import org.camgate.sensor.common.SensorBinder;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.common.SensorKind;
import org.camgate.sensor.common.SensorSettings;
import org.camgate.sensor.lidar.LidarKind;
import org.camgate.sensor.radar.RadarKind;
import org.camgate.sensor.thermal.ThermalKind;

/**
 * The sensor kinds this gateway knows, by yaml {@code type}: adding a kind is a package beside radar, lidar and
 * thermal, and one entry here.
 */
public final class SensorKinds {
    private static final List<SensorKind<?>> KINDS = List.of(new RadarKind(), new LidarKind(), new ThermalKind());

    private SensorKinds() {
    }

    public static List<SensorKind<?>> all() {
        return KINDS;
    }

    /** Binds {@code sensors[]} entries of every known kind. */
    public static SensorBinder binder() {
        return new SensorBinder(KINDS);
    }

    /** A new input for the sensor, from its kind. */
    public static SensorInput input(SensorSettings sensor) {
        return input(kind(sensor), sensor);
    }

    /** What the hourly statistics count for each of the sensor's zones and lines. */
    public static Map<String, List<String>> statistics(SensorSettings sensor) {
        return statistics(kind(sensor), sensor);
    }

    private static SensorKind<?> kind(SensorSettings sensor) {
        for (SensorKind<?> k : KINDS) {
            if (k.settingsType().isInstance(sensor)) {
                return k;
            }
        }
        throw new IllegalArgumentException("sensor " + sensor.id() + ": no kind for " + sensor.getClass().getName());
    }

    private static <S extends SensorSettings> SensorInput input(SensorKind<S> kind, SensorSettings sensor) {
        return kind.input(kind.settingsType().cast(sensor));
    }

    private static <S extends SensorSettings> Map<String, List<String>> statistics(SensorKind<S> kind,
                                                                                  SensorSettings sensor) {
        return kind.statistics(kind.settingsType().cast(sensor));
    }
}
