package org.camgate.upstream.onvif;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pull-point subscription on a camera.
 *
 * @param address             the subscription address (PullMessages, Renew and Unsubscribe go there)
 * @param referenceParameters WS-Addressing reference parameters to echo as SOAP headers (some cameras keep the
 *                            subscription id there); DOM elements, opaque to everything but the adapter
 * @param currentTime         the camera's time when it answered
 * @param terminationTime     when the camera will drop the subscription unless renewed (camera time)
 */
record PullPointRef(String address, List<Object> referenceParameters, Instant currentTime, Instant terminationTime) {
    PullPointRef {
        referenceParameters = List.copyOf(referenceParameters);
    }

    /** How long the camera granted (at least one second, whatever the camera said). */
    Duration granted() {
        Duration d = Duration.between(currentTime, terminationTime);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }

    PullPointRef renewed(Instant current, Instant termination) {
        return new PullPointRef(address, referenceParameters, current, termination);
    }
}
