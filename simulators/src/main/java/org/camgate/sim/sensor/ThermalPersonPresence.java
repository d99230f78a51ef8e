package org.camgate.sim.sensor;

import java.util.List;

/**
 * Thermal 32x24, 9 frames/s, 8 s: a room at 20 C; a person (a 3 x 6 pixel blob at 33 C) walks in from the left
 * edge at 1 pixel per frame, stands at columns 10-12 from frame 12 to frame 50, and walks back out. Meant for a
 * presence zone over columns 0-16.
 */
final class ThermalPersonPresence extends BuiltInScenario {
    static final int WIDTH = 32;
    static final int HEIGHT = 24;

    ThermalPersonPresence() {
        super("person-presence", SensorKind.THERMAL, 111, 72);
    }

    @Override
    public List<byte[]> frame(int i, long frameId) {
        short[] px = new short[WIDTH * HEIGHT];
        java.util.Arrays.fill(px, SensorWire.centiKelvin(20));
        int left;
        if (i <= 12) {
            left = i - 2;
        } else if (i <= 50) {
            left = 10;
        } else {
            left = 10 - (i - 50);
        }
        if (i < frames()) {
            for (int r = 9; r < 15; r++) {
                for (int c = left; c < left + 3; c++) {
                    if (c >= 0 && c < WIDTH) {
                        px[r * WIDTH + c] = SensorWire.centiKelvin(33);
                    }
                }
            }
        }
        return SensorWire.thermal(frameId, WIDTH, HEIGHT, px, SensorWire.THERMAL_PIXELS_PER_PACKET);
    }
}
