package org.camgate.upstream.onvif;

import java.time.Instant;
import java.util.List;

/** What one PullMessages returned: the camera's current and termination times, and the notifications. */
record PullBatch(Instant currentTime, Instant terminationTime, List<OnvifNotification> notifications) {
    PullBatch {
        notifications = List.copyOf(notifications);
    }
}
