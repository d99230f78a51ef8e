package org.camgate.sim.onvif;

import org.camgate.sim.camera.CameraScene;

import java.util.function.DoubleSupplier;

/**
 * Whether the simulated camera sees motion now: what its scene says ({@link CameraScene#motionAt}: object segments
 * of a scripted scene, objects or fire in view of a site scene), counted from the RTSP server's start as the video
 * is. A camera without a scene plays its moving-block loop: motion all the time.
 */
final class MotionTimeline {
    private final CameraScene scene;
    private final DoubleSupplier elapsedSeconds;

    MotionTimeline(CameraScene scene, DoubleSupplier elapsedSeconds) {
        this.scene = scene;
        this.elapsedSeconds = elapsedSeconds;
    }

    boolean motionNow() {
        return motionAt(elapsedSeconds.getAsDouble());
    }

    boolean motionAt(double t) {
        return scene == null || scene.motionAt(t);
    }
}
