package org.camgate.sensor.thermal;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.camgate.common.yaml.YamlMap;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Numbers;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.ZoneFields;

/** Binds a thermal sensor's hysteresis and zones. */
final class ThermalBinder {
    static final List<String> KEYS = List.of("temperatureHysteresis", "zones");
    private static final List<String> ZONE_KEYS = List.of("id", "polygon", "fireTemperature", "riseRate", "riseWindow",
            "presence", "bodyMin", "bodyMax", "minPixels");

    private ThermalBinder() {
    }

    static Function<CommonSettings, ThermalSettings> bind(YamlMap m) {
        double hysteresis = m.value("temperatureHysteresis", "a number (degrees)", Numbers::nonNegative,
                ThermalSettings.DEFAULT_TEMPERATURE_HYSTERESIS);
        List<ThermalZone> zones = ZoneFields.list(m, "zones", ZONE_KEYS, "zone", new HashSet<>(), ThermalBinder::zone);
        return common -> new ThermalSettings(common, hysteresis, zones);
    }

    private static ThermalZone zone(YamlMap m, String id) {
        List<Point2> polygon = ZoneFields.requiredPolygon(m, "required: the zone's shape, polygon [[column, row], ...] in pixels");
        Double fire = m.has("fireTemperature") ? m.value("fireTemperature", "degrees Celsius", Numbers::finite, null) : null;
        Double rise = m.has("riseRate") ? m.value("riseRate", "degrees Celsius per minute", Numbers::positive, null) : null;
        Duration window = m.positiveDuration("riseWindow", ThermalZone.DEFAULT_RISE_WINDOW);
        boolean presence = m.bool("presence", false);
        double bodyMin = m.value("bodyMin", "degrees Celsius", Numbers::finite, ThermalZone.DEFAULT_BODY_MIN);
        double bodyMax = m.value("bodyMax", "degrees Celsius", Numbers::finite, ThermalZone.DEFAULT_BODY_MAX);
        int minPixels = m.positive("minPixels", ThermalZone.DEFAULT_MIN_PIXELS);
        if (bodyMax <= bodyMin) {
            m.problem("bodyMax", "must be above bodyMin (" + bodyMin + ")");
        }
        if (!m.has("fireTemperature") && !m.has("riseRate") && !presence) {
            m.problem("presence", "no detector: set fireTemperature, riseRate or presence: true");
        }
        return id == null || polygon == null ? null
                : new ThermalZone(id, polygon, fire, rise, window, presence, bodyMin, bodyMax, minPixels);
    }
}
