package org.camgate.status;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the status page shows, each part asked for on every request (suppliers must be cheap and thread-safe).
 *
 * @param site    the configured site name, shown as the title
 * @param board   the sections of {@code GET /status}: {@code cameras} and {@code gates} are rendered
 * @param events  the last events of the event bus
 * @param access  the last sessions of the audit log (shown only after an admin login)
 * @param sensors one map per sensor: {@code id}, {@code type}, {@code input} (the bound address once listening),
 *                {@code packets} (datagrams accepted, when known)
 * @param mqtt    the MQTT connection: {@code broker}, {@code connected}, {@code pending}
 */
public record PageSources(String site, StatusBoard board, RecentEvents events, RecentAccess access,
                          Supplier<List<Map<String, Object>>> sensors, Supplier<Map<String, Object>> mqtt) {
    public PageSources {
        requireNonNull(site, "site");
        requireNonNull(board, "board");
        requireNonNull(events, "events");
        requireNonNull(access, "access");
        requireNonNull(sensors, "sensors");
        requireNonNull(mqtt, "mqtt");
    }
}
