package org.camgate.upstream;

import java.util.Locale;

/** Where a camera's upstream session stands, as {@code /status}, {@code /health} and the metrics show it. */
public enum CameraState {
    /** The first attempt (from start, or after idle) is under way and nothing has failed yet. */
    CONNECTING,
    /** The camera described its stream and plays. */
    PLAYING,
    /** The last attempt failed or the session dropped; retried with backoff while anything needs the camera. */
    DOWN,
    /** An on-demand camera nobody needs now: no session, none attempted. */
    IDLE;

    /** The lower-case form used in JSON and metric labels. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
