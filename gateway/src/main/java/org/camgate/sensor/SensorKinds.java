package org.camgate.sensor;

import java.util.List;
import java.util.Map;
import org.camgate.sensor.common.SensorBinder;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.common.SensorKind;
import org.camgate.sensor.common.SensorSettings;
import org.camgate.sensor.lidar.Lidar;
import org.camgate.sensor.radar.Radar;
import org.camgate.sensor.thermal.Thermal;

/**
 * The sensor kinds this gateway knows, by yaml {@code type}: adding a kind is a package beside radar, lidar and
 * thermal, and one entry here.
 */
public final class SensorKinds {
    private static final List<SensorKind<?>> KINDS = List.of(Radar.KIND, Lidar.KIND, Thermal.KIND);

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
        return kind(sensor).input(sensor);
    }

    /** What the hourly statistics count for each of the sensor's zones and lines. */
    public static Map<String, List<String>> statistics(SensorSettings sensor) {
        return kind(sensor).statistics(sensor);
    }

    private static SensorKind<?> kind(SensorSettings sensor) {
        for (SensorKind<?> k : KINDS) {
            if (k.isKindOf(sensor)) {
                return k;
            }
        }
        throw new IllegalArgumentException("sensor " + sensor.id() + ": no kind for " + sensor.getClass().getName());
    }
}
