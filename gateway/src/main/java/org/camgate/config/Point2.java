package org.camgate.config;

/** A point in a sensor's plane: metres (radar, LiDAR) or pixel column/row (thermal). */
public record Point2(double x, double y) {
}
