package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camgate.access.Cidr;

/** Binds one {@code sensors[]} entry: type, input, timings, zones and lines. */
final class SensorBinder {
    static final List<String> KEYS = List.of("id", "type", "input", "silenceTimeout", "hold", "groundZ",
            "temperatureHysteresis", "zones", "lines", "allow", "faultEndsDetections");

    /** The sensor, or null when something is wrong (the problems are recorded); {@code id} null if it was wrong. */
    SensorConfig bind(YamlMap m, String id) {
        SensorType type = m.has("type") ? m.enumValue("type", SensorType.class, "sensor type", null)
                : ConfigLoader.missing(m, "type", "required: radar, lidar or thermal");
        URI input = m.has("input") ? m.value("input", "a URL", SensorBinder::input, null)
                : ConfigLoader.missing(m, "input", "required: where detections arrive, e.g. udp://127.0.0.1:9101");
        Duration silence = m.positiveDuration("silenceTimeout", SensorConfig.DEFAULT_SILENCE_TIMEOUT);
        Duration hold = m.duration("hold", SensorConfig.DEFAULT_HOLD);
        boolean faultEnds = m.bool("faultEndsDetections", true);
        onlyFor(m, type, "groundZ", SensorType.LIDAR);
        onlyFor(m, type, "temperatureHysteresis", SensorType.THERMAL);
        onlyFor(m, type, "lines", SensorType.RADAR);
        double groundZ = m.value("groundZ", "a number (metres)", Numbers::finite, SensorConfig.DEFAULT_GROUND_Z);
        double tempHysteresis = m.value("temperatureHysteresis", "a number (degrees)", Numbers::nonNegative,
                SensorConfig.DEFAULT_TEMPERATURE_HYSTERESIS);
        Set<String> names = new HashSet<>();
        List<ZoneConfig> zones = new ArrayList<>();
        ZoneBinder zoneBinder = type == null ? null : new ZoneBinder(type);
        for (YamlMap.Item item : m.list("zones")) {
            if (zoneBinder == null) {
                break;
            }
            YamlMap z = YamlMap.of(m.binding(), item.path(), item.node(), 0, zoneBinder.keys());
            if (!z.isMapping()) {
                continue;
            }
            ZoneConfig zone = zoneBinder.bind(z, ConfigLoader.id(z, "zone", names));
            if (zone != null) {
                zones.add(zone);
            }
        }
        List<LineConfig> lines = new ArrayList<>();
        for (YamlMap.Item item : m.list("lines")) {
            YamlMap l = YamlMap.of(m.binding(), item.path(), item.node(), 0, List.of("id", "from", "to", "direction"));
            if (l.isMapping()) {
                LineConfig line = line(l, ConfigLoader.id(l, "zone or line", names));
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        List<Cidr> allow = new ArrayList<>();
        for (YamlMap.Scalar s : m.scalars("allow", "a CIDR")) {
            try {
                allow.add(Cidr.parse(s.value()));
            } catch (IllegalArgumentException e) {
                m.problemAt(s, e.getMessage());
            }
        }
        if (m.has("allow") && m.list("allow").isEmpty()) {
            m.problem("allow", "an empty list admits no sensor; omit the key to accept datagrams from any address");
        }
        return id == null || type == null || input == null ? null
                : new SensorConfig(id, type, input, silence, hold, groundZ, tempHysteresis, zones, lines, allow,
                        faultEnds);
    }

    private static void onlyFor(YamlMap m, SensorType actual, String key, SensorType expected) {
        if (m.has(key) && actual != null && actual != expected) {
            m.problem(key, "only for " + YamlMap.yamlName(expected) + " sensors");
        }
    }

    private static LineConfig line(YamlMap m, String id) {
        Point2 from = m.has("from") ? Numbers.point(m, "from") : ConfigLoader.missing(m, "from", "required: a point [x, y] in metres");
        Point2 to = m.has("to") ? Numbers.point(m, "to") : ConfigLoader.missing(m, "to", "required: a point [x, y] in metres");
        LineConfig.CrossingDirection direction = m.enumValue("direction", LineConfig.CrossingDirection.class,
                "direction", LineConfig.CrossingDirection.BOTH);
        if (from != null && from.equals(to)) {
            m.problem("to", "must differ from from");
            return null;
        }
        return id == null || from == null || to == null ? null : new LineConfig(id, from, to, direction);
    }

    private static URI input(String v) {
        URI uri;
        try {
            uri = new URI(v.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (expected e.g. udp://127.0.0.1:9101)");
        }
        List<String> schemes = List.of("udp", "tcp", "mqtt", "http", "https");
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("unsupported input (expected a URL with scheme "
                    + String.join(", ", schemes) + ", e.g. udp://127.0.0.1:9101)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the URL (expected e.g. udp://127.0.0.1:9101)");
        }
        if ((uri.getScheme().equalsIgnoreCase("udp") || uri.getScheme().equalsIgnoreCase("tcp")) && uri.getPort() < 0) {
            throw new IllegalArgumentException("no port in the URL (expected e.g. udp://127.0.0.1:9101)");
        }
        return uri;
    }
}
