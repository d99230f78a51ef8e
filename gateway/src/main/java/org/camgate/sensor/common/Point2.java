package org.camgate.sensor.common;

/** A point in a sensor's plane: metres (radar, LiDAR) or pixel column/row (thermal). */
public record Point2(double x, double y) {
}
