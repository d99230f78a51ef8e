package org.camgate.upstream.onvif;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the ONVIF client towards cameras.
 *
 * @param connectTimeout   how long a TCP connect to the camera may take
 * @param receiveTimeout   how long the camera may take to answer an ordinary SOAP call
 * @param pullTimeout      the Timeout asked for in PullMessages (the camera holds the call open this long)
 * @param subscriptionTime the termination time asked for on CreatePullPointSubscription and Renew
 * @param backoffMin       first delay before rebuilding a failed event subscription; doubled per failure
 * @param backoffMax       longest delay between rebuild attempts
 * @param cacheTime        how long a resolved stream URI is reused before the camera is asked again
 */
public record OnvifClientSettings(Duration connectTimeout, Duration receiveTimeout, Duration pullTimeout,
                                  Duration subscriptionTime, Duration backoffMin, Duration backoffMax,
                                  Duration cacheTime) {
    public static final OnvifClientSettings DEFAULTS = new OnvifClientSettings(Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(120), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofHours(1));

    public OnvifClientSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(receiveTimeout, "receiveTimeout");
        Objects.requireNonNull(pullTimeout, "pullTimeout");
        Objects.requireNonNull(subscriptionTime, "subscriptionTime");
        Objects.requireNonNull(backoffMin, "backoffMin");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(cacheTime, "cacheTime");
        if (backoffMin.isZero() || backoffMin.isNegative() || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoff: " + backoffMin + ".." + backoffMax
                    + " (expected: 0 < backoffMin <= backoffMax)");
        }
        if (subscriptionTime.toSeconds() < 10) {
            throw new IllegalArgumentException("subscriptionTime: " + subscriptionTime + " (expected: >= 10s)");
        }
    }
}
