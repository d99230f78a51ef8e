package org.camgate.sensor.common;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.camgate.access.Cidr;

/**
 * One configured sensor ({@code sensors[]} entry): what every kind has ({@link #common()}) and, in the record of its
 * kind (radar, LiDAR, thermal), only that kind's own settings and zones. Immutable, validated at load.
 */
public interface SensorSettings {
    /** Id, input, timings and allow list. */
    CommonSettings common();

    /** The kind's name: yaml {@code type}, the events' {@code source.type} and the metrics' {@code type} tag. */
    String type();

    default String id() {
        return common().id();
    }

    default URI input() {
        return common().input();
    }

    default Duration silenceTimeout() {
        return common().silenceTimeout();
    }

    default Duration hold() {
        return common().hold();
    }

    default List<Cidr> allow() {
        return common().allow();
    }

    default boolean faultEndsDetections() {
        return common().faultEndsDetections();
    }
}
