package org.camgate.sim.camera;

/** Draws one frame of a scene into YUV 4:2:0 planes, frame 0 being the start of the timeline. */
@FunctionalInterface
public interface FramePainter {
    void render(int frame, byte[] luma, byte[] cb, byte[] cr);
}
