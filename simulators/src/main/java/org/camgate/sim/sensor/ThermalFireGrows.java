package org.camgate.sim.sensor;

import java.util.List;

/**
 * Thermal 80x60, 9 frames/s, 10 s: a room at 18-20 C; from 2 s a fire at pixel (40, 30) grows (radius 1 px plus
 * 1 px per 10 frames) and heats (60 C plus 8 C per frame); at 8 s it is put out. Meant for a zone covering the
 * frame with fireTemperature 150 and riseRate 600 C/min.
 */
final class ThermalFireGrows extends BuiltInScenario {
    static final int WIDTH = 80;
    static final int HEIGHT = 60;

    ThermalFireGrows() {
        super("fire-grows", SensorKind.THERMAL, 111, 90);
    }

    @Override
    public List<byte[]> frame(int i, long frameId) {
        short[] px = new short[WIDTH * HEIGHT];
        for (int r = 0; r < HEIGHT; r++) {
            for (int c = 0; c < WIDTH; c++) {
                px[r * WIDTH + c] = SensorWire.centiKelvin(18 + 2.0 * r / HEIGHT);
            }
        }
        if (i >= 18 && i < 72) {
            int k = i - 18;
            double radius = 1 + k / 10.0;
            double core = 60 + 8.0 * k;
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < WIDTH; c++) {
                    double d = Math.hypot(c - 40, r - 30);
                    if (d <= radius) {
                        px[r * WIDTH + c] = SensorWire.centiKelvin(core - (core - 40) * d / (radius + 1));
                    }
                }
            }
        }
        return SensorWire.thermal(frameId, WIDTH, HEIGHT, px, SensorWire.THERMAL_PIXELS_PER_PACKET);
    }
}
