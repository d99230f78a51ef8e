package org.camgate.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where a camera's video comes from. Credentials are kept apart from the URI (which never has user
 * info); an absent user name or password is the empty string. {@code toString()} never shows a password.
 */
public sealed interface SourceConfig {
    String username();

    String password();

    default boolean hasCredentials() {
        return !username().isEmpty() || !password().isEmpty();
    }

    /** An RTSP URL ({@code rtsp://} or {@code rtsps://}), pulled directly. */
    record Rtsp(URI uri, String username, String password) implements SourceConfig {
        public Rtsp {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("uri: has user info (expected: credentials in username/password)");
            }
        }

        @Override
        public String toString() {
            return "Rtsp[uri=" + uri + ", username=" + username + ", password=***]";
        }
    }

    /**
     * An ONVIF device ({@code http://} or {@code https://} device service URL); the stream URI is asked for.
     * {@code profile} is a media profile token, or empty for the device's first profile.
     */
    record Onvif(URI url, String username, String password, String profile) implements SourceConfig {
        public Onvif {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(profile, "profile");
            if (url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("url: has user info (expected: credentials in username/password)");
            }
        }

        @Override
        public String toString() {
            return "Onvif[url=" + url + ", username=" + username + ", password=***, profile=" + profile + "]";
        }
    }
}
