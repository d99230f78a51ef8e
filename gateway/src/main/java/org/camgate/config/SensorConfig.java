package org.camgate.config;

import java.net.URI;
import java.util.Objects;

/** A privacy-friendly sensor whose detections become events, e.g. {@code input: udp://127.0.0.1:9101}. */
public record SensorConfig(String id, SensorType type, URI input) {
    public SensorConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(input, "input");
    }
}
