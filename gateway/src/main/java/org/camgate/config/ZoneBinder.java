package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import java.time.Duration;
import java.util.List;

/** Binds one zone of a sensor; the keys allowed depend on the sensor type. */
final class ZoneBinder {
    private static final List<String> RADAR = List.of("id", "polygon", "intrusion", "dwell", "speedLimit");
    private static final List<String> LIDAR = List.of("id", "polygon", "box", "minPoints", "frames", "dwell", "speedLimit");
    private static final List<String> THERMAL = List.of("id", "polygon", "fireTemperature", "riseRate", "riseWindow",
            "presence", "bodyMin", "bodyMax", "minPixels");

    private final SensorType type;

    ZoneBinder(SensorType type) {
        this.type = type;
    }

    List<String> keys() {
        return switch (type) {
            case RADAR -> RADAR;
            case LIDAR -> LIDAR;
            case THERMAL -> THERMAL;
        };
    }

    ZoneConfig bind(YamlMap m, String id) {
        List<Point2> polygon = m.has("polygon") ? Numbers.polygon(m, "polygon") : null;
        Box3 box = m.has("box") ? box(m.map("box", List.of("min", "max"))) : null;
        boolean shapeWrong = (m.has("polygon") && polygon == null) || (m.has("box") && box == null);
        if (m.has("polygon") && m.has("box")) {
            m.problem("box", "give either polygon or box, not both");
            shapeWrong = true;
        } else if (!m.has("polygon") && !m.has("box")) {
            m.problem("polygon", type == SensorType.LIDAR
                    ? "required: the zone's shape, polygon [[x, y], ...] in metres or box {min: [x, y, z], max: [x, y, z]}"
                    : type == SensorType.THERMAL ? "required: the zone's shape, polygon [[column, row], ...] in pixels"
                    : "required: the zone's shape, polygon [[x, y], ...] in metres");
            shapeWrong = true;
        }
        shapeWrong |= id == null;
        Duration dwell = m.has("dwell") ? m.duration("dwell", null) : null;
        if (dwell != null && dwell.isZero()) {
            m.problem("dwell", "must be longer than 0s");
            dwell = null;
        }
        Double speedLimit = m.has("speedLimit") ? m.value("speedLimit", "a speed in m/s", Numbers::positive, null) : null;
        ZoneConfig zone = switch (type) {
            case RADAR -> {
                boolean intrusion = m.bool("intrusion", true);
                if (!intrusion && !m.has("dwell") && !m.has("speedLimit")) {
                    m.problem("intrusion", "no detector left: set dwell or speedLimit, or keep intrusion on");
                }
                yield shapeWrong ? null : ZoneConfig.radar(id, polygon, intrusion, dwell, speedLimit);
            }
            case LIDAR -> {
                int minPoints = m.positive("minPoints", ZoneConfig.DEFAULT_MIN_POINTS);
                int frames = m.positive("frames", ZoneConfig.DEFAULT_FRAMES);
                if (frames > 100) {
                    m.problem("frames", "must be at most 100 (got " + frames + ")");
                }
                yield shapeWrong ? null : ZoneConfig.lidar(id, polygon, box, minPoints, frames, dwell, speedLimit);
            }
            case THERMAL -> thermal(m, id, polygon, shapeWrong);
        };
        return id == null ? null : zone;
    }

    private static ZoneConfig thermal(YamlMap m, String id, List<Point2> polygon, boolean shapeWrong) {
        Double fire = m.has("fireTemperature") ? m.value("fireTemperature", "degrees Celsius", Numbers::finite, null) : null;
        Double rise = m.has("riseRate") ? m.value("riseRate", "degrees Celsius per minute", Numbers::positive, null) : null;
        Duration window = m.positiveDuration("riseWindow", ZoneConfig.DEFAULT_RISE_WINDOW);
        boolean presence = m.bool("presence", false);
        double bodyMin = m.value("bodyMin", "degrees Celsius", Numbers::finite, ZoneConfig.DEFAULT_BODY_MIN);
        double bodyMax = m.value("bodyMax", "degrees Celsius", Numbers::finite, ZoneConfig.DEFAULT_BODY_MAX);
        int minPixels = m.positive("minPixels", ZoneConfig.DEFAULT_MIN_PIXELS);
        if (bodyMax <= bodyMin) {
            m.problem("bodyMax", "must be above bodyMin (" + bodyMin + ")");
        }
        if (!m.has("fireTemperature") && !m.has("riseRate") && !presence) {
            m.problem("presence", "no detector: set fireTemperature, riseRate or presence: true");
        }
        return shapeWrong ? null : ZoneConfig.thermal(id, polygon, fire, rise, window, presence, bodyMin, bodyMax, minPixels);
    }

    private static Box3 box(YamlMap m) {
        double[] min = m.has("min") ? Numbers.vector(m, "min", 3, "a point [x, y, z] in metres")
                : ConfigLoader.missing(m, "min", "required: the lowest corner [x, y, z] in metres");
        double[] max = m.has("max") ? Numbers.vector(m, "max", 3, "a point [x, y, z] in metres")
                : ConfigLoader.missing(m, "max", "required: the highest corner [x, y, z] in metres");
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
