package org.camgate.sensor.lidar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camgate.config.YamlMap;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorKind;

/** LiDAR: point clouds; zones report occupancy, dwell and speed. */
public final class LidarKind implements SensorKind<LidarSettings> {
    public static final String NAME = "lidar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<LidarSettings> settingsType() {
        return LidarSettings.class;
    }

    @Override
    public List<String> keys() {
        return LidarBinder.KEYS;
    }

    @Override
    public Function<CommonSettings, LidarSettings> bind(YamlMap m) {
        return LidarBinder.bind(m);
    }

    @Override
    public LidarInput input(LidarSettings settings) {
        return new LidarInput(settings);
    }

    @Override
    public Map<String, List<String>> statistics(LidarSettings settings) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (LidarZone z : settings.zones()) {
            List<String> events = new ArrayList<>();
            events.add("occupancy");
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
