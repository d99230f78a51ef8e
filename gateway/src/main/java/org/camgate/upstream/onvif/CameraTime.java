package org.camgate.upstream.onvif;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A camera's clock as seen from the gateway: the gateway's clock plus the offset measured with
 * GetSystemDateAndTime. WS-Security UsernameTokens towards the camera carry camera time in Created,
 * so a camera whose clock is minutes off still accepts them.
 */
final class CameraTime {
    private final Clock clock;
    private volatile Duration offset = Duration.ZERO;

    CameraTime(Clock clock) {
        this.clock = clock;
    }

    /** Now, on the camera's clock. */
    Instant now() {
        return clock.instant().plus(offset);
    }

    /** The gateway's own clock. */
    Clock localClock() {
        return clock;
    }

    /** Camera time minus gateway time. */
    Duration offset() {
        return offset;
    }

    /**
     * Records a reading: the camera said {@code cameraTime} for a call sent at {@code sent} and answered at
     * {@code received} (gateway clock); the reading is taken to belong to the middle of the round trip.
     */
    void measured(Instant cameraTime, Instant sent, Instant received) {
        Instant middle = sent.plus(Duration.between(sent, received).dividedBy(2));
        offset = Duration.between(middle, cameraTime);
    }
}
