package org.camgate.sensor.thermal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camgate.sensor.common.SensorKind;

/** Thermal: temperature images; zones report fire (temperature or rise rate) and presence. */
public final class Thermal {
    public static final String NAME = "thermal";
    public static final SensorKind<ThermalSettings> KIND = new SensorKind<>(NAME, ThermalSettings.class,
            ThermalBinder.KEYS, ThermalBinder::bind, ThermalInput::new, Thermal::statistics);

    private Thermal() {
    }

    private static Map<String, List<String>> statistics(ThermalSettings settings) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ThermalZone z : settings.zones()) {
            List<String> events = new ArrayList<>();
            if (z.fireTemperature() != null || z.riseRate() != null) {
                events.add("fire");
            }
            if (z.presence()) {
                events.add("presence");
            }
            out.put(z.id(), events);
        }
        return out;
    }
}
