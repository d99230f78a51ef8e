package org.camgate.config;

/** yaml: {@code radar | lidar | thermal}. */
public enum SensorType { RADAR, LIDAR, THERMAL }
