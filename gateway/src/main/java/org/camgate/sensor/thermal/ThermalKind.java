package org.camgate.sensor.thermal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camgate.config.YamlMap;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorKind;

/** Thermal: temperature images; zones report fire (temperature or rise rate) and presence. */
public final class ThermalKind implements SensorKind<ThermalSettings> {
    public static final String NAME = "thermal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ThermalSettings> settingsType() {
        return ThermalSettings.class;
    }

    @Override
    public List<String> keys() {
        return ThermalBinder.KEYS;
    }

    @Override
    public Function<CommonSettings, ThermalSettings> bind(YamlMap m) {
        return ThermalBinder.bind(m);
    }

    @Override
    public ThermalInput input(ThermalSettings settings) {
        return new ThermalInput(settings);
    }

    @Override
    public Map<String, List<String>> statistics(ThermalSettings settings) {
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
