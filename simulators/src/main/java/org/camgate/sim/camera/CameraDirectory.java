package org.camgate.sim.camera;

/** Finds the running camera for a request path; null when there is none. */
@FunctionalInterface
interface CameraDirectory {
    SimCamera find(String path);
}
