package org.camgate.sim.sensor;

import java.util.List;
import java.util.Locale;

/** The built-in sensor scenarios, by sensor type and name. */
public final class Scenarios {
    private Scenarios() {
    }

    static List<SensorScenario> all() {
        return List.of(new RadarPersonDwell(), new RadarCarSpeeding(), new LidarPersonDwell(), new ThermalFireGrows(),
                new ThermalPersonPresence());
    }

    /** The scenario, or an {@link IllegalArgumentException} listing the names for that type. */
    public static SensorScenario of(SensorKind kind, String name) {
        for (SensorScenario s : all()) {
            if (s.kind() == kind && s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no " + kind.name().toLowerCase(Locale.ROOT) + " scenario \"" + name
                + "\" (expected one of: " + String.join(", ", names(kind)) + ")");
    }

    public static List<String> names(SensorKind kind) {
        return all().stream().filter(s -> s.kind() == kind).map(SensorScenario::name).toList();
    }
}
