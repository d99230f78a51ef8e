package org.camgate.sim;

import org.camgate.sim.camera.SimCameraConfig;

import java.util.List;

/** A test-lab scenario: where the simulated cameras listen and which cameras there are. */
public record Scenario(String host, int port, List<SimCameraConfig> cameras) {
    public Scenario {
        cameras = List.copyOf(cameras);
    }
}
