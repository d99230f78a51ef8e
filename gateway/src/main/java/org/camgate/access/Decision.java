package org.camgate.access;

/** The policy's answer; every refusal says why in words fit for a log and the audit log. */
public enum Decision {
    ALLOW(null),
    /** Outside {@code access.allow} or inside {@code access.deny} (or a sensor's {@code allow}). */
    ADDRESS_NOT_ALLOWED("address not allowed"),
    /** No authenticated user, or one the configuration does not know (any more). */
    UNAUTHENTICATED("not authenticated"),
    /** The user is known but not {@code admin: true} (the status page's access log). */
    NOT_ADMIN("user is not an admin"),
    /** No such camera. */
    UNKNOWN_CAMERA("unknown camera"),
    /** The user's {@code cameras} do not include it. */
    CAMERA_NOT_PERMITTED("camera not permitted for user"),
    /** The address is outside the camera's own {@code access} lists. */
    ADDRESS_NOT_ALLOWED_FOR_CAMERA("address not allowed for camera");

    private final String reason;

    Decision(String reason) {
        this.reason = reason;
    }

    public boolean allowed() {
        return this == ALLOW;
    }

    /** Why it was refused; null for {@link #ALLOW}. */
    public String reason() {
        return reason;
    }
}
