package org.camgate.sensor.lidar;

/** One LiDAR frame: {@code count} points as x, y, z, intensity in {@code xyzi} (reused between frames). */
record PointCloud(float[] xyzi, int count) {
}
