package org.camgate.sensor.radar;

import java.util.Objects;
import org.camgate.sensor.common.Point2;

/**
 * A radar tripwire from {@code from} to {@code to}. Seen from {@code from} looking at {@code to}, a track that
 * crosses from the right side to the left goes {@code left}; the other way {@code right}.
 *
 * @param direction which crossings are reported: {@code both}, {@code left} or {@code right}
 */
public record LineConfig(String id, Point2 from, Point2 to, CrossingDirection direction) {
    public LineConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(direction, "direction");
    }

    /** yaml: {@code both | left | right}. */
    public enum CrossingDirection { BOTH, LEFT, RIGHT }
}
