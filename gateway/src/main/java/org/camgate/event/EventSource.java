package org.camgate.event;

import java.util.Objects;

/**
 * What an event is about.
 *
 * @param kind {@code camera}, {@code sensor} or {@code gateway}: the topic level after the site
 * @param id   the configured camera or sensor id
 * @param type {@code camera}, {@code radar}, {@code lidar}, {@code thermal} or {@code gateway}
 */
public record EventSource(String kind, String id, String type) {
    public static final String CAMERA = "camera";
    public static final String SENSOR = "sensor";
    public static final String GATEWAY = "gateway";

    public EventSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
    }

    public static EventSource camera(String id) {
        return new EventSource(CAMERA, id, CAMERA);
    }

    public static EventSource sensor(String id, String type) {
        return new EventSource(SENSOR, id, type);
    }

    public boolean isCamera() {
        return CAMERA.equals(kind);
    }

    public boolean isSensor() {
        return SENSOR.equals(kind);
    }
}
