package org.camgate.sim.sensor;

import java.util.List;

/**
 * Radar, 10 Hz, 8 s: a car drives along y = 23 m at 20 m/s (72 km/h) from x = -59 m to x = 69 m. Meant for a
 * road zone x in [-50, 50], y in [20, 26] with a speed limit of 13.9 m/s (50 km/h).
 */
final class RadarCarSpeeding extends BuiltInScenario {
    RadarCarSpeeding() {
        super("car-speeding", SensorKind.RADAR, 100, 80);
    }

    @Override
    public List<byte[]> frame(int i, long frameId) {
        double x = -59 + 2.0 * i;
        boolean visible = i < frames() && x <= 69;
        return List.of(SensorWire.radar(frameId, visible
                ? List.of(new SensorWire.Track("c1", x, 23, 20, 0, "vehicle")) : List.of()));
    }
}
