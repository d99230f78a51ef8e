package org.camgate.gate;

/**
 * The seam where a camera's packets pass its gate: frames reach readers only while it is open.
 * This issue ships {@link #ALWAYS_OPEN}; motion, triggers, schedules, pre- and post-roll plug in here.
 */
@FunctionalInterface
public interface Gate {
    Gate ALWAYS_OPEN = () -> true;

    /** Whether video may flow to readers now; called on the camera's event loop for every frame. */
    boolean isOpen();
}
