package org.camgate.sim.camera;

/**
 * What a simulated camera shows over time: a timeline that is encoded once and then played. Implemented by
 * {@link ScriptedScene} (segments, for tests) and by the test lab's site scenes (objects moving through a site).
 */
public interface CameraScene {
    /** Length of the timeline in seconds. */
    double seconds();

    /**
     * True when the whole timeline repeats; false when it plays once and then its last group of pictures repeats
     * (so it should end still).
     */
    boolean loops();

    /** Whether something moves in the picture {@code t} seconds after the start (for simulated motion events). */
    boolean motionAt(double t);

    /** Draws the frames of this scene at the given size and rate. */
    FramePainter painter(int width, int height, int fps);
}
