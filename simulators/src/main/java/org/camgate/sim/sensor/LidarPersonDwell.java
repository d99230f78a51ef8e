package org.camgate.sim.sensor;

import java.util.List;

/**
 * LiDAR, 10 Hz, 12 s: a floor of 1,600 ground points (z = 0.02 m) and a person, 200 points in a 0.4 x 0.3 x 1.4 m
 * column, who walks along y = 1 m from x = -2 m into a confined space at 1 m/s, stays at x = 1 m from 3 s to 7 s,
 * walks out and is gone after 10 s. Meant for a box zone (0, 0, 0)-(2, 2, 2.5) with dwell 3 s.
 */
final class LidarPersonDwell extends BuiltInScenario {
    static final int GROUND = 1600;
    static final int PERSON = 200;

    LidarPersonDwell() {
        super("person-dwell", SensorKind.LIDAR, 100, 120);
    }

    @Override
    public List<byte[]> frame(int i, long frameId) {
        double x;
        if (i <= 30) {
            x = -2 + 0.1 * i;
        } else if (i <= 70) {
            x = 1;
        } else {
            x = 1 - 0.1 * (i - 70);
        }
        boolean person = i < frames() && i <= 100;
        float[] p = new float[(GROUND + PERSON) * 4];
        int n = 0;
        for (int gy = 0; gy < 40; gy++) {
            for (int gx = 0; gx < 40; gx++) {
                n = put(p, n, -4 + gx * 0.2, -4 + gy * 0.2, 0.02);
            }
        }
        if (person) {
            for (int k = 0; k < PERSON; k++) {
                n = put(p, n, x - 0.2 + (k % 5) * 0.1, 1 - 0.15 + (k / 5 % 4) * 0.1, 0.3 + (k / 20) * 0.14);
            }
        }
        return SensorWire.lidar(frameId, p, n, 500);
    }

    private static int put(float[] p, int n, double x, double y, double z) {
        p[n * 4] = (float) x;
        p[n * 4 + 1] = (float) y;
        p[n * 4 + 2] = (float) z;
        p[n * 4 + 3] = 0.5f;
        return n + 1;
    }
}
