package org.camgate.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One component's answer for {@code GET /health}.
 *
 * @param status  {@code up}, {@code degraded} (working, with something to look at; not a failure) or {@code down}
 * @param details JSON-friendly facts (counts, states), never secrets; immutable
 */
public record ComponentHealth(String status, Map<String, Object> details) {
    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";

    public ComponentHealth {
        Objects.requireNonNull(status, "status");
        if (!status.equals(UP) && !status.equals(DEGRADED) && !status.equals(DOWN)) {
            throw new IllegalArgumentException("status: " + status + " (expected: up, degraded or down)");
        }
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(UP, details);
    }

    public static ComponentHealth down(Map<String, Object> details) {
        return new ComponentHealth(DOWN, details);
    }

    /** Up when {@code ok}, down otherwise. */
    public static ComponentHealth of(boolean ok, Map<String, Object> details) {
        return new ComponentHealth(ok ? UP : DOWN, details);
    }

    public boolean isDown() {
        return DOWN.equals(status);
    }

    /** The JSON form: {@code status} first, then the details. */
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.putAll(details);
        return out;
    }
}
