package org.camgate.sensor.common;

import java.time.Duration;
import java.time.Instant;

/**
 * Start/end hysteresis for one detection: it starts as soon as its condition holds and ends only once the
 * condition has been false for {@code hold}. Not thread-safe (one per sensor channel).
 */
public final class Latch {
    public enum Change { NONE, START, END }

    private final Duration hold;
    private boolean active;
    private Instant since;
    private Instant falseSince;

    public Latch(Duration hold) {
        this.hold = hold;
    }

    public Change update(boolean condition, Instant now) {
        if (condition) {
            falseSince = null;
            if (!active) {
                active = true;
                since = now;
                return Change.START;
            }
            return Change.NONE;
        }
        if (!active) {
            return Change.NONE;
        }
        if (falseSince == null) {
            falseSince = now;
        }
        if (Duration.between(falseSince, now).compareTo(hold) >= 0) {
            active = false;
            falseSince = null;
            return Change.END;
        }
        return Change.NONE;
    }

    public boolean active() {
        return active;
    }

    /** When the current (or last) detection started. */
    public Instant since() {
        return since;
    }
}
