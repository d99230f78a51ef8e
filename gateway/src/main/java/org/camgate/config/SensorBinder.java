package org.camgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Binds one {@code sensors[]} entry: type and input. */
final class SensorBinder {
    static final List<String> KEYS = List.of("id", "type", "input");

    /** The sensor, or null when something is wrong (the problems are recorded); {@code id} null if it was wrong. */
    SensorConfig bind(YamlMap m, String id) {
        SensorType type = m.has("type") ? m.enumValue("type", SensorType.class, "sensor type", null)
                : ConfigLoader.missing(m, "type", "required: radar, lidar or thermal");
        URI input = m.has("input") ? m.value("input", "a URL", SensorBinder::input, null)
                : ConfigLoader.missing(m, "input", "required: where detections arrive, e.g. udp://127.0.0.1:9101");
        return id == null || type == null || input == null ? null : new SensorConfig(id, type, input);
    }

    private static URI input(String v) {
        URI uri;
        try {
            uri = new URI(v.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (expected e.g. udp://127.0.0.1:9101)");
        }
        List<String> schemes = List.of("udp", "tcp", "mqtt", "http", "https");
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("unsupported input (expected a URL with scheme "
                    + String.join(", ", schemes) + ", e.g. udp://127.0.0.1:9101)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the URL (expected e.g. udp://127.0.0.1:9101)");
        }
        if ((uri.getScheme().equalsIgnoreCase("udp") || uri.getScheme().equalsIgnoreCase("tcp")) && uri.getPort() < 0) {
            throw new IllegalArgumentException("no port in the URL (expected e.g. udp://127.0.0.1:9101)");
        }
        return uri;
    }
}
