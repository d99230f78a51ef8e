package org.camgate.motion;

/**
 * Turns per-picture motion into start and end: motion in {@code startFrames} analysed pictures in a row starts it,
 * quiet in {@code endFrames} in a row ends it. Not thread-safe.
 */
final class MotionHysteresis {
    enum Change { NONE, START, END }

    private final int startFrames;
    private final int endFrames;
    private boolean active;
    private int run;

    MotionHysteresis(int startFrames, int endFrames) {
        this.startFrames = Math.max(1, startFrames);
        this.endFrames = Math.max(1, endFrames);
    }

    Change next(boolean motion) {
        if (motion != active) {
            run++;
            if (run >= (active ? endFrames : startFrames)) {
                active = motion;
                run = 0;
                return active ? Change.START : Change.END;
            }
        } else {
            run = 0;
        }
        return Change.NONE;
    }

    boolean active() {
        return active;
    }
}
