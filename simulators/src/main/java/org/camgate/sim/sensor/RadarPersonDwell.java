package org.camgate.sim.sensor;

import java.util.List;

/**
 * Radar, 10 Hz, 10 s: a person walks in along y = 5 m at 2 m/s from x = -1 m, stands at x = 4 m from 2.5 s to
 * 6.5 s, walks back out and is gone after 9.5 s. Meant for a zone covering x, y in [0, 10] (intrusion, dwell of
 * 3 s) and a line from (1, 0) to (1, 10): the person crosses it going right (in) and left (out).
 */
final class RadarPersonDwell extends BuiltInScenario {
    RadarPersonDwell() {
        super("person-dwell", SensorKind.RADAR, 100, 100);
    }

    @Override
    public List<byte[]> frame(int i, long frameId) {
        double x;
        double vx;
        if (i <= 25) {
            x = -1 + 0.2 * i;
            vx = 2;
        } else if (i <= 65) {
            x = 4;
            vx = 0;
        } else {
            x = 4 - 0.2 * (i - 65);
            vx = -2;
        }
        boolean visible = i < frames() && x >= -2;
        return List.of(SensorWire.radar(frameId, visible
                ? List.of(new SensorWire.Track("p1", x, 5, vx, 0, "person")) : List.of()));
    }
}
