package org.camgate.status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to {@code GET /health}: every component's health, and {@code down} (HTTP 503) when any is down.
 *
 * @param components by name, sorted
 */
public record HealthReport(Map<String, ComponentHealth> components) {
    public HealthReport {
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    public boolean down() {
        return components.values().stream().anyMatch(ComponentHealth::isDown);
    }

    /** {@code {"status": "up"|"down", "components": {name: {"status": ..., details...}}}}. */
    public Map<String, Object> json() {
        Map<String, Object> parts = new LinkedHashMap<>();
        components.forEach((name, health) -> parts.put(name, health.json()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", down() ? ComponentHealth.DOWN : ComponentHealth.UP);
        out.put("components", parts);
        return out;
    }
}
