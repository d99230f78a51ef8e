package org.camgate.sensor.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.camgate.common.yaml.Ids;
import org.camgate.common.yaml.YamlMap;

/** Binding of what zones of several kinds share: the list with unique ids, the polygon, dwell and speed limit. */
public final class ZoneFields {
    private ZoneFields() {
    }

    /**
     * The entries of the list at {@code key} (zones, lines), each a mapping with {@code keys} and a unique id among
     * {@code ids} ({@code what} names it in problems), bound by {@code bind}; entries that are wrong are left out.
     */
    public static <T> List<T> list(YamlMap m, String key, List<String> keys, String what, Set<String> ids,
                                   BiFunction<YamlMap, String, T> bind) {
        List<T> out = new ArrayList<>();
        for (YamlMap.Item item : m.list(key)) {
            YamlMap entry = YamlMap.of(m.binding(), item.path(), item.node(), 0, keys);
            if (!entry.isMapping()) {
                continue;
            }
            T bound = bind.apply(entry, Ids.read(entry, "id", what, ids));
            if (bound != null) {
                out.add(bound);
            }
        }
        return out;
    }

    /** The zone's {@code polygon} when given; null when absent or wrong (the problem is recorded). */
    public static List<Point2> polygon(YamlMap m) {
        return m.has("polygon") ? Numbers.polygon(m, "polygon") : null;
    }

    /** The zone's required {@code polygon}; null when wrong or absent ({@code missing} is then the problem). */
    public static List<Point2> requiredPolygon(YamlMap m, String missing) {
        if (!m.has("polygon")) {
            m.problem("polygon", missing);
            return null;
        }
        return polygon(m);
    }

    /** {@code dwell}: off (null) when absent; 0s is a problem. */
    public static Duration dwell(YamlMap m) {
        Duration dwell = m.has("dwell") ? m.duration("dwell", null) : null;
        if (dwell != null && dwell.isZero()) {
            m.problem("dwell", "must be longer than 0s");
            return null;
        }
        return dwell;
    }

    /** {@code speedLimit} in m/s: off (null) when absent. */
    public static Double speedLimit(YamlMap m) {
        return m.has("speedLimit") ? m.value("speedLimit", "a speed in m/s", Numbers::positive, null) : null;
    }
}
