package org.camgate.sensor.radar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camgate.config.YamlMap;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.common.SensorKind;

/** Radar: JSON track lists; zones report intrusion, dwell and speed, lines their crossings. */
public final class RadarKind implements SensorKind<RadarSettings> {
    public static final String NAME = "radar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<RadarSettings> settingsType() {
        return RadarSettings.class;
    }

    @Override
    public List<String> keys() {
        return RadarBinder.KEYS;
    }

    @Override
    public Function<CommonSettings, RadarSettings> bind(YamlMap m) {
        return RadarBinder.bind(m);
    }

    @Override
    public RadarInput input(RadarSettings settings) {
        return new RadarInput(settings);
    }

    @Override
    public Map<String, List<String>> statistics(RadarSettings settings) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RadarZone z : settings.zones()) {
            List<String> events = new ArrayList<>();
            if (z.intrusion()) {
                events.add("intrusion");
            }
            if (z.dwell() != null) {
                events.add("dwell");
            }
            if (z.speedLimit() != null) {
                events.add("speed");
            }
            out.put(z.id(), events);
        }
        for (LineConfig l : settings.lines()) {
            out.put(l.id(), List.of("line-crossing"));
        }
        return out;
    }
}
