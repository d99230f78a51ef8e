package org.camgate.sensor.thermal;

import java.util.List;
import java.util.Objects;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorSettings;

/**
 * A thermal sensor: temperature images split across datagrams.
 *
 * @param temperatureHysteresis a fire ends only below its temperature by this many degrees
 * @param zones                 where its detectors look
 */
public record ThermalSettings(CommonSettings common, double temperatureHysteresis, List<ThermalZone> zones)
        implements SensorSettings {
    public static final double DEFAULT_TEMPERATURE_HYSTERESIS = 5;

    public ThermalSettings {
        Objects.requireNonNull(common, "common");
        zones = List.copyOf(zones);
    }

    /** A thermal sensor with the default hysteresis and no zones (it still reports faults). */
    public ThermalSettings(CommonSettings common) {
        this(common, DEFAULT_TEMPERATURE_HYSTERESIS, List.of());
    }

    @Override
    public String type() {
        return Thermal.NAME;
    }
}
