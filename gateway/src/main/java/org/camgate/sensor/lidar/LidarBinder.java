package org.camgate.sensor.lidar;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.camgate.common.yaml.YamlMap;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Numbers;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.ZoneFields;

/** Binds a LiDAR's ground height and zones. */
final class LidarBinder {
    static final List<String> KEYS = List.of("groundZ", "zones");
    private static final List<String> ZONE_KEYS = List.of("id", "polygon", "box", "minPoints", "frames", "dwell", "speedLimit");

    private LidarBinder() {
    }

    static Function<CommonSettings, LidarSettings> bind(YamlMap m) {
        double groundZ = m.value("groundZ", "a number (metres)", Numbers::finite, LidarSettings.DEFAULT_GROUND_Z);
        List<LidarZone> zones = ZoneFields.list(m, "zones", ZONE_KEYS, "zone", new HashSet<>(), LidarBinder::zone);
        return common -> new LidarSettings(common, groundZ, zones);
    }

    private static LidarZone zone(YamlMap m, String id) {
        List<Point2> polygon = ZoneFields.polygon(m);
        Box3 box = m.has("box") ? box(m.map("box", List.of("min", "max"))) : null;
        boolean shapeWrong = (m.has("polygon") && polygon == null) || (m.has("box") && box == null);
        if (m.has("polygon") && m.has("box")) {
            m.problem("box", "give either polygon or box, not both");
            shapeWrong = true;
        } else if (!m.has("polygon") && !m.has("box")) {
            m.problem("polygon", "required: the zone's shape, polygon [[x, y], ...] in metres or box {min: [x, y, z], max: [x, y, z]}");
            shapeWrong = true;
        }
        Duration dwell = ZoneFields.dwell(m);
        Double speedLimit = ZoneFields.speedLimit(m);
        int minPoints = m.positive("minPoints", LidarZone.DEFAULT_MIN_POINTS);
        int frames = m.positive("frames", LidarZone.DEFAULT_FRAMES);
        if (frames > 100) {
            m.problem("frames", "must be at most 100 (got " + frames + ")");
        }
        return id == null || shapeWrong ? null : new LidarZone(id, polygon, box, minPoints, frames, dwell, speedLimit);
    }

    private static Box3 box(YamlMap m) {
        double[] min = m.has("min") ? Numbers.vector(m, "min", 3, "a point [x, y, z] in metres")
                : m.missing("min", "required: the lowest corner [x, y, z] in metres");
        double[] max = m.has("max") ? Numbers.vector(m, "max", 3, "a point [x, y, z] in metres")
                : m.missing("max", "required: the highest corner [x, y, z] in metres");
        if (min == null || max == null) {
            return null;
        }
        if (min[0] >= max[0] || min[1] >= max[1] || min[2] >= max[2]) {
            m.problem("max", "must be above min on every axis");
            return null;
        }
        return new Box3(min[0], min[1], min[2], max[0], max[1], max[2]);
    }
}
