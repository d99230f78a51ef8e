package org.camgate.sensor.radar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camgate.sensor.common.SensorKind;

/** Radar: JSON track lists; zones report intrusion, dwell and speed, lines their crossings. */
public final class Radar {
    public static final String NAME = "radar";
    public static final SensorKind<RadarSettings> KIND = new SensorKind<>(NAME, RadarSettings.class, RadarBinder.KEYS,
            RadarBinder::bind, RadarInput::new, Radar::statistics);

    private Radar() {
    }

    private static Map<String, List<String>> statistics(RadarSettings settings) {
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
