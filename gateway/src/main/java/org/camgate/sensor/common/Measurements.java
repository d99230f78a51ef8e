package org.camgate.sensor.common;

/** Rounding of measurements for events: what a consumer needs, not sensor noise. */
public final class Measurements {
    private Measurements() {
    }

    public static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    public static double seconds(java.time.Duration d) {
        return round1(d.toMillis() / 1000.0);
    }
}
