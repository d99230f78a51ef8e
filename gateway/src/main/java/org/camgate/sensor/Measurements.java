package org.camgate.sensor;

/** Rounding of measurements for events: what a consumer needs, not sensor noise. */
final class Measurements {
    private Measurements() {
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double seconds(java.time.Duration d) {
        return round1(d.toMillis() / 1000.0);
    }
}
