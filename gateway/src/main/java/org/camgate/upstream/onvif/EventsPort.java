package org.camgate.upstream.onvif;

import java.time.Duration;

/** A camera's pull-point event operations, as {@link PullPointLoop} needs them (faked in tests). */
interface EventsPort {
    PullPointRef create(Duration requested);

    /** Waits up to {@code timeout} on the camera for at most {@code limit} notifications. */
    PullBatch pull(PullPointRef subscription, Duration timeout, int limit);

    /** Extends the subscription; returns it with the camera's new termination time. */
    PullPointRef renew(PullPointRef subscription, Duration requested);

    void unsubscribe(PullPointRef subscription);
}
