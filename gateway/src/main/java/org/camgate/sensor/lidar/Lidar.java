package org.camgate.sensor.lidar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camgate.sensor.common.SensorKind;

/** LiDAR: point clouds; zones report occupancy, dwell and speed. */
public final class Lidar {
    public static final String NAME = "lidar";
    public static final SensorKind<LidarSettings> KIND = new SensorKind<>(NAME, LidarSettings.class, LidarBinder.KEYS,
            LidarBinder::bind, LidarInput::new, Lidar::statistics);

    private Lidar() {
    }

    private static Map<String, List<String>> statistics(LidarSettings settings) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (LidarZone z : settings.zones()) {
            List<String> events = new ArrayList<>(List.of("occupancy"));
            if (z.dwell() != null) {
                events.add("dwell");
            }
            if (z.speedLimit() != null) {
                events.add("speed");
            }
            out.put(z.id(), events);
        }
        return out;
    }
}
