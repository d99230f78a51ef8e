package org.camgate.sensor.thermal;

/** One thermal frame: {@code width * height} temperatures in centi-kelvin, row-major (reused between frames). */
record ThermalFrame(int width, int height, short[] centiKelvin) {
    static double celsius(short centiKelvin) {
        return (centiKelvin & 0xFFFF) / 100.0 - 273.15;
    }

    static int centiKelvin(double celsius) {
        return (int) Math.round((celsius + 273.15) * 100);
    }
}
