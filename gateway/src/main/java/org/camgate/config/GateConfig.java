package org.camgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When a camera's video reaches readers.
 *
 * @param triggers {@code motion}, {@code camera-motion}, {@code manual}, {@code sensor:<id>} or
 *                 {@code sensor:<id>/<zone>}; default none
 * @param preRoll  video from before the trigger that is sent too; default 0s
 * @param postRoll the gate stays open this long after the last trigger ends; default 0s
 */
public record GateConfig(GateMode mode, List<String> triggers, Duration preRoll, Duration postRoll) {
    public static final String MOTION = "motion";
    public static final String CAMERA_MOTION = "camera-motion";
    public static final String MANUAL = "manual";
    public static final String SENSOR_PREFIX = "sensor:";

    public GateConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(preRoll, "preRoll");
        Objects.requireNonNull(postRoll, "postRoll");
        triggers = List.copyOf(triggers);
    }

    /** Mode {@code always}, no triggers, no pre- or post-roll. */
    public static GateConfig defaults() {
        return new GateConfig(GateMode.ALWAYS, List.of(), Duration.ZERO, Duration.ZERO);
    }
}
