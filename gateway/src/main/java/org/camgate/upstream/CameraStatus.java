package org.camgate.upstream;

import java.time.Instant;
import java.util.Objects;

/**
 * One camera's live state at a moment, safe to hand to any thread.
 *
 * @param state      where the upstream session stands
 * @param lastError  why the last attempt failed or the session dropped (never with credentials), or null once playing
 * @param since      when the camera entered {@code state}
 * @param signalLost whether a {@code signal-loss} is open (started and not ended)
 */
public record CameraStatus(CameraState state, String lastError, Instant since, boolean signalLost) {
    public CameraStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
