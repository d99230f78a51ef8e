package org.camgate.stream;

/**
 * Sees every frame a camera sends, whatever the gate says (the motion analysis). Called on the stream's loop:
 * must return at once and retain a frame it keeps.
 */
public interface FrameTap {
    /** The camera's tracks, when it starts playing (again). */
    void onDescription(StreamDescription description);

    void onFrame(Frame frame);
}
