package org.camgate.sim.sensor;

/** The simulated sensor types, as the gateway's {@code type:} names them. */
public enum SensorKind { RADAR, LIDAR, THERMAL }
