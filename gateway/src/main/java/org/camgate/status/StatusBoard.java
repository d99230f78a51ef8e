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
 * and thread-safe.
 */
public final class StatusBoard {
    private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);
    private final Map<String, Supplier<?>> sections = new ConcurrentHashMap<>();

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
}
