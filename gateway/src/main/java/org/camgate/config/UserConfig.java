package org.camgate.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A gateway user (RTSP digest, ONVIF). {@code cameras} lists camera ids, or {@code *} for all; {@code maxSessions}
 * bounds the user's RTSP sessions at once (0: only the server's limits); {@code admin} lets the user see the status
 * page's access log (who watched what). {@link #toString()} never shows the password.
 */
public record UserConfig(String name, String password, Set<String> cameras, int maxSessions, boolean admin) {
    public static final String ALL_CAMERAS = "*";

    public UserConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        cameras = Collections.unmodifiableSet(new LinkedHashSet<>(cameras));
        if (maxSessions < 0) {
            throw new IllegalArgumentException("maxSessions: " + maxSessions + " (expected: >= 0)");
        }
    }

    /** Not an admin. */
    public UserConfig(String name, String password, Set<String> cameras, int maxSessions) {
        this(name, password, cameras, maxSessions, false);
    }

    /** Without a session limit of its own, not an admin. */
    public UserConfig(String name, String password, Set<String> cameras) {
        this(name, password, cameras, 0, false);
    }

    public boolean mayView(String cameraId) {
        return cameras.contains(ALL_CAMERAS) || cameras.contains(cameraId);
    }

    @Override
    public String toString() {
        return "UserConfig[name=" + name + ", password=***, cameras=" + cameras + ", maxSessions=" + maxSessions
                + ", admin=" + admin + "]";
    }
}
