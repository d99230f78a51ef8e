package org.camgate.gate;

import java.time.Duration;

/**
 * The seam where a camera's packets pass its gate: frames reach readers only while it is open.
 * {@link #ALWAYS_OPEN} is mode {@code always}; {@link CameraGate} opens on triggers within a schedule.
 */
@FunctionalInterface
public interface Gate {
    Gate ALWAYS_OPEN = () -> true;

    /** Whether video may flow to readers now; called on the camera's event loop for every frame. */
    boolean isOpen();

    /**
     * Registers the one listener told of every change, on the camera's event loop (the stream: it sends its
     * pre-roll when the gate opens). A gate that never changes ignores it.
     */
    default void listen(Listener listener) {
    }

    /** How much video from before an opening readers get first (0: from the current keyframe). */
    default Duration preRoll() {
        return Duration.ZERO;
    }

    /** The bound of the camera's pre-roll buffer in bytes; 0 when the gate keeps none (always open). */
    default long preRollBytes() {
        return 0;
    }

    /** What readers get while the gate is shut. */
    default org.camgate.config.WhileShut whileShut() {
        return org.camgate.config.WhileShut.SILENCE;
    }

    /** Told of gate changes on the camera's event loop. */
    @FunctionalInterface
    interface Listener {
        /** @param open the new state; {@code atNanos} the {@link System#nanoTime()} of the change */
        void gateChanged(boolean open, long atNanos);
    }
}
