package org.camgate.config;

import java.time.Duration;
import java.util.Objects;

/** After {@code limit} failed logins from one address within {@code window}, its further attempts are refused. */
public record AuthFailureConfig(int limit, Duration window) {
    public AuthFailureConfig {
        Objects.requireNonNull(window, "window");
    }

    /** 5 per 1m. */
    public static AuthFailureConfig defaults() {
        return new AuthFailureConfig(5, Duration.ofMinutes(1));
    }
}
