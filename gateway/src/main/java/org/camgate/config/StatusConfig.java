package org.camgate.config;

import org.camgate.common.net.HostPort;
import java.util.Optional;

/**
 * The HTTP status endpoint ({@code GET /status} as JSON, {@code GET /metrics} in Prometheus text form).
 *
 * @param listen where it listens; empty (the default) means no status endpoint at all
 */
public record StatusConfig(Optional<HostPort> listen) {
    public StatusConfig {
        listen = listen == null ? Optional.empty() : listen;
    }

    public static StatusConfig defaults() {
        return new StatusConfig(Optional.empty());
    }
}
