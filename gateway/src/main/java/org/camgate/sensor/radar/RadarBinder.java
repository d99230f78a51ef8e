package org.camgate.sensor.radar;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.camgate.common.yaml.YamlMap;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Numbers;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.ZoneFields;

/** Binds a radar's zones and lines. */
final class RadarBinder {
    static final List<String> KEYS = List.of("zones", "lines");
    private static final List<String> ZONE_KEYS = List.of("id", "polygon", "intrusion", "dwell", "speedLimit");
    private static final List<String> LINE_KEYS = List.of("id", "from", "to", "direction");

    private RadarBinder() {
    }

    static Function<CommonSettings, RadarSettings> bind(YamlMap m) {
        Set<String> ids = new HashSet<>();
        List<RadarZone> zones = ZoneFields.list(m, "zones", ZONE_KEYS, "zone", ids, RadarBinder::zone);
        List<LineConfig> lines = ZoneFields.list(m, "lines", LINE_KEYS, "zone or line", ids, RadarBinder::line);
        return common -> new RadarSettings(common, zones, lines);
    }

    private static RadarZone zone(YamlMap m, String id) {
        List<Point2> polygon = ZoneFields.requiredPolygon(m, "required: the zone's shape, polygon [[x, y], ...] in metres");
        Duration dwell = ZoneFields.dwell(m);
        Double speedLimit = ZoneFields.speedLimit(m);
        boolean intrusion = m.bool("intrusion", true);
        if (!intrusion && !m.has("dwell") && !m.has("speedLimit")) {
            m.problem("intrusion", "no detector left: set dwell or speedLimit, or keep intrusion on");
        }
        return id == null || polygon == null ? null : new RadarZone(id, polygon, intrusion, dwell, speedLimit);
    }

    private static LineConfig line(YamlMap m, String id) {
        Point2 from = m.has("from") ? Numbers.point(m, "from") : m.missing("from", "required: a point [x, y] in metres");
        Point2 to = m.has("to") ? Numbers.point(m, "to") : m.missing("to", "required: a point [x, y] in metres");
        LineConfig.CrossingDirection direction = m.enumValue("direction", LineConfig.CrossingDirection.class,
                "direction", LineConfig.CrossingDirection.BOTH);
        if (from != null && from.equals(to)) {
            m.problem("to", "must differ from from");
            return null;
        }
        return id == null || from == null || to == null ? null : new LineConfig(id, from, to, direction);
    }
}
