package org.camgate.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway's parts report about themselves for {@code GET /status}: each registers a section
 * (e.g. {@code cameras}, {@code mqtt}, {@code sensors}) whose supplier returns JSON-friendly values
 * (maps, lists, strings, numbers, booleans). Suppliers are called on the request thread and must be cheap
 * and thread-safe. Components register their health checks here too ({@code GET /health}).
 */
public final class StatusBoard {
    private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);
    private final Map<String, Supplier<?>> sections = new ConcurrentHashMap<>();
    private final Map<String, Supplier<ComponentHealth>> checks = new ConcurrentHashMap<>();

    /** Adds or replaces a section; returns a handle that removes it. */
    public Runnable register(String section, Supplier<?> supplier) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(supplier, "supplier");
        sections.put(section, supplier);
        return () -> sections.remove(section, supplier);
    }

    /** Every section, sorted by name; a section whose supplier fails shows the error instead. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        sections.keySet().stream().sorted().forEach(name -> {
            try {
                out.put(name, sections.get(name).get());
            } catch (RuntimeException e) {
                log.warn("status section {} failed: {}", name, e.toString());
                out.put(name, Map.of("error", String.valueOf(e.getMessage())));
            }
        });
        return out;
    }

    /**
     * Adds or replaces a component's health check for {@code GET /health} ({@code rtsp}, {@code onvif}, {@code mqtt},
     * {@code sensors}, {@code cameras}); returns a handle that removes it. Same rules as sections: cheap, thread-safe.
     */
    public Runnable registerHealth(String component, Supplier<ComponentHealth> check) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(check, "check");
        checks.put(component, check);
        return () -> checks.remove(component, check);
    }

    /** Every component's health, sorted by name; a check that fails counts as down, with its error. */
    public HealthReport health() {
        Map<String, ComponentHealth> out = new LinkedHashMap<>();
        checks.keySet().stream().sorted().forEach(name -> {
            try {
                out.put(name, Objects.requireNonNull(checks.get(name).get(), "health"));
            } catch (RuntimeException e) {
                log.warn("health check {} failed: {}", name, e.toString());
                out.put(name, ComponentHealth.down(Map.of("error", String.valueOf(e.getMessage()))));
            }
        });
        return new HealthReport(out);
    }
}
