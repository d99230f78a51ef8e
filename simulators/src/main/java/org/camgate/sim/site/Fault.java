package org.camgate.sim.site;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault the site injects at {@code at} seconds into its timeline.
 *
 * @param action   camera faults {@code reboot}, {@code stall}, {@code credentials}, {@code garbage}, {@code loss};
 *                 sensor faults {@code silence}, {@code junk}
 * @param target   the camera path or sensor id
 * @param duration how long it lasts (zero for {@code garbage})
 * @param rate     for {@code loss}: the share of UDP packets lost
 */
public record Fault(double at, String action, String target, Duration duration, double rate) {
    public static final java.util.Set<String> CAMERA_ACTIONS = java.util.Set.of("reboot", "stall", "credentials",
            "garbage", "loss");
    public static final java.util.Set<String> SENSOR_ACTIONS = java.util.Set.of("silence", "junk");

    public Fault {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
    }

    public boolean onCamera() {
        return CAMERA_ACTIONS.contains(action);
    }

    /** Whether it is in effect at {@code t} seconds. */
    public boolean activeAt(double t) {
        return t >= at && t < at + duration.toMillis() / 1000.0;
    }
}
