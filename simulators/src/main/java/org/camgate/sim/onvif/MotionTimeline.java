package org.camgate.sim.onvif;

import org.camgate.sim.camera.ScriptedScene;

import java.util.function.DoubleSupplier;

/**
 * Whether the simulated camera sees motion: during the {@code object} segments of its scripted scene (counted from
 * the RTSP server's start, as the video is), never in still, brightness or noise segments; the last segment holds
 * after the end. A camera without a scene plays its moving-block loop: motion all the time.
 */
final class MotionTimeline {
    private final ScriptedScene scene;
    private final DoubleSupplier elapsedSeconds;

    MotionTimeline(ScriptedScene scene, DoubleSupplier elapsedSeconds) {
        this.scene = scene;
        this.elapsedSeconds = elapsedSeconds;
    }

    boolean motionNow() {
        return motionAt(elapsedSeconds.getAsDouble());
    }

    boolean motionAt(double t) {
        if (scene == null) {
            return true;
        }
        double start = 0;
        ScriptedScene.Segment current = scene.segments().get(scene.segments().size() - 1);
        for (ScriptedScene.Segment s : scene.segments()) {
            if (t < start + s.seconds()) {
                current = s;
                break;
            }
            start += s.seconds();
        }
        return current.kind() == ScriptedScene.Kind.OBJECT;
    }
}
