package org.camgate.sensor.lidar;

/** An axis-aligned box in a LiDAR's frame, metres; min below max on every axis. */
public record Box3(double minX, double minY, double minZ, double maxX, double maxY, double maxZ) {
    public boolean contains(double x, double y, double z) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY && z >= minZ && z <= maxZ;
    }
}
