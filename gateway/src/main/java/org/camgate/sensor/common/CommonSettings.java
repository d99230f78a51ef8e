package org.camgate.sensor.common;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.camgate.access.Cidr;

/**
 * What every sensor has, whatever its kind, e.g. {@code input: udp://127.0.0.1:9101}.
 *
 * @param input          where its datagrams arrive: a URL with a scheme of {@link #SCHEMES}
 * @param silenceTimeout a {@code fault} starts when no valid packet arrived for this long, and ends with the next one
 * @param hold           a detection ends only after its condition has been false for this long (hysteresis)
 * @param allow          source networks datagrams are accepted from; empty: any
 * @param faultEndsDetections when a {@code fault} starts, the sensor's active detections end (reason {@code fault}),
 *                       so a dead sensor cannot hold a gate open
 */
public record CommonSettings(String id, URI input, Duration silenceTimeout, Duration hold, List<Cidr> allow,
                             boolean faultEndsDetections) {
    /** The input schemes the sensor service listens on (it binds UDP sockets only). */
    public static final List<String> SCHEMES = List.of("udp");
    public static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(2);

    public CommonSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(silenceTimeout, "silenceTimeout");
        Objects.requireNonNull(hold, "hold");
        if (input.getScheme() == null || !SCHEMES.contains(input.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("input: " + input.getScheme() + " (expected: one of " + SCHEMES + ")");
        }
        allow = List.copyOf(allow);
    }

    /** A sensor with default timings that accepts datagrams from any source. */
    public CommonSettings(String id, URI input) {
        this(id, input, DEFAULT_SILENCE_TIMEOUT, DEFAULT_HOLD, List.of(), true);
    }
}
