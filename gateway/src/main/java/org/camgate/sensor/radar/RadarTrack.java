package org.camgate.sensor.radar;

/** One radar track: position (metres from the sensor) and velocity (m/s) in the sensor's plane. */
record RadarTrack(String id, double x, double y, double vx, double vy, String objectClass) {
    double speed() {
        return Math.hypot(vx, vy);
    }

    double distance() {
        return Math.hypot(x, y);
    }
}
