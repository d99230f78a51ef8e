package org.camgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed logins (RTSP and HTTP Digest, WS-Security, MQTT) are slowed down: counted per client address, per
 * claimed user name and in all, each within {@code window} of the last failure. Over a limit, attempts are refused
 * without checking their credentials, and answered late.
 *
 * @param perAddress failures from one address (IPv6: one /64); default 5
 * @param perUser    failures for one user name, from addresses that have not logged in as that user; default 10
 * @param global     failures in all, from such addresses; default 200
 * @param window     a counter is forgotten this long after its last failure; default 1m
 */
public record LoginFailureConfig(int perAddress, int perUser, int global, Duration window) {
    public LoginFailureConfig {
        Objects.requireNonNull(window, "window");
        if (perAddress < 1 || perUser < 1 || global < 1) {
            throw new IllegalArgumentException("limits must be >= 1");
        }
    }

    public static LoginFailureConfig defaults() {
        return new LoginFailureConfig(5, 10, 200, Duration.ofMinutes(1));
    }
}
