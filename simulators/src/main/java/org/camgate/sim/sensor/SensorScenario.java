package org.camgate.sim.sensor;

import java.time.Duration;
import java.util.List;

/**
 * A scripted scene for one simulated sensor: what it sends at each frame. Frames are numbered from 0 at one per
 * {@link #period()}; after {@link #frames()} frames the scene is over (then it idles or loops).
 */
public interface SensorScenario {
    String name();

    SensorKind kind();

    Duration period();

    /** How many frames the script lasts. */
    int frames();

    /** The datagrams of frame {@code index}; {@code index >= frames()} is the empty scene. {@code frameId} numbers frames on the wire. */
    List<byte[]> frame(int index, long frameId);
}
