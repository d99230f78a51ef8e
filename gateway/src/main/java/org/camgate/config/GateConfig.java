package org.camgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a camera's video reaches readers.
 *
 * @param triggers     {@code motion}, {@code camera-motion}, {@code manual}, {@code sensor:<id>} or
 *                     {@code sensor:<id>/<zone>}; default none
 * @param preRoll      video from before the trigger that is sent too; default 0s
 * @param postRoll     the gate stays open this long after the last trigger ends; default 0s
 * @param schedule     weekly windows outside which the gate stays shut; default none (no restriction)
 * @param preRollBytes bound of the camera's in-memory pre-roll buffer; default 16MB
 * @param maxOpen      longest the gate stays open on the same trigger conditions: then it closes, and only a
 *                     condition that starts later opens it again (a stuck trigger cannot record forever); default
 *                     none
 * @param whileShut    what readers get while the gate is shut: nothing ({@code silence}, the default) or a grey
 *                     placeholder picture once a second ({@code placeholder}: recorders with their own read
 *                     timeouts keep their session)
 */
public record GateConfig(GateMode mode, List<String> triggers, Duration preRoll, Duration postRoll,
                         Optional<ScheduleConfig> schedule, long preRollBytes, Optional<Duration> maxOpen,
                         WhileShut whileShut) {
    public static final String MOTION = "motion";
    public static final String CAMERA_MOTION = "camera-motion";
    /** The camera's field detector (ONVIF {@code RuleEngine/FieldDetector/ObjectsInside}): start/end. */
    public static final String CAMERA_FIELD = "camera-field";
    /** The camera's line detector (ONVIF {@code RuleEngine/LineDetector/Crossed}): instant. */
    public static final String CAMERA_LINE = "camera-line";
    /** Triggers that come from the camera's own ONVIF events. */
    public static final List<String> CAMERA_TRIGGERS = List.of(CAMERA_MOTION, CAMERA_FIELD, CAMERA_LINE);
    public static final String MANUAL = "manual";
    public static final String SENSOR_PREFIX = "sensor:";
    public static final long DEFAULT_PRE_ROLL_BYTES = 16L * 1024 * 1024;

    public GateConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(preRoll, "preRoll");
        Objects.requireNonNull(postRoll, "postRoll");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(maxOpen, "maxOpen");
        Objects.requireNonNull(whileShut, "whileShut");
        if (maxOpen.isPresent() && (maxOpen.get().isZero() || maxOpen.get().isNegative())) {
            throw new IllegalArgumentException("maxOpen: " + maxOpen.get() + " (expected: > 0)");
        }
        triggers = List.copyOf(triggers);
        if (preRollBytes <= 0) {
            throw new IllegalArgumentException("preRollBytes: " + preRollBytes + " (expected: > 0)");
        }
    }

    /** Silent while shut. */
    public GateConfig(GateMode mode, List<String> triggers, Duration preRoll, Duration postRoll,
                      Optional<ScheduleConfig> schedule, long preRollBytes, Optional<Duration> maxOpen) {
        this(mode, triggers, preRoll, postRoll, schedule, preRollBytes, maxOpen, WhileShut.SILENCE);
    }

    /** Without a maximum open time. */
    public GateConfig(GateMode mode, List<String> triggers, Duration preRoll, Duration postRoll,
                      Optional<ScheduleConfig> schedule, long preRollBytes) {
        this(mode, triggers, preRoll, postRoll, schedule, preRollBytes, Optional.empty());
    }

    /** Without a schedule, with the default pre-roll bound. */
    public GateConfig(GateMode mode, List<String> triggers, Duration preRoll, Duration postRoll) {
        this(mode, triggers, preRoll, postRoll, Optional.empty(), DEFAULT_PRE_ROLL_BYTES);
    }

    /** Mode {@code always}, no triggers, no pre- or post-roll. */
    public static GateConfig defaults() {
        return new GateConfig(GateMode.ALWAYS, List.of(), Duration.ZERO, Duration.ZERO);
    }

    /**
     * What actually opens the gate: the listed triggers, plus {@code motion} in mode {@code motion}.
     * Empty in mode {@code always}.
     */
    public List<String> effectiveTriggers() {
        if (mode == GateMode.ALWAYS) {
            return List.of();
        }
        if (mode == GateMode.MOTION && !triggers.contains(MOTION)) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(MOTION), triggers.stream()).toList();
        }
        return triggers;
    }
}
