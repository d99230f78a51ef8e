package org.camgate.audit;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camgate.common.net.HostPort;

/**
 * One audit log entry.
 *
 * <p>Much of an entry can come from a peer (a claimed user name, a requested camera, a reason
 * quoting a request), so the constructor bounds every string: {@code event}, {@code user},
 * {@code remote} and {@code camera} to {@link #MAX_NAME_CHARS} characters, string details (also
 * inside map and collection details) to {@link #MAX_TEXT_CHARS}. A longer string keeps its start
 * and ends with a marker of how many characters were left out, e.g. {@code "aaaa…(+3736)"}; the
 * accessors return the bounded values.
 *
 * @param time    when it happened
 * @param event   what happened, e.g. {@link #SESSION_START}
 * @param user    the authenticated or claimed user, or null
 * @param remote  the peer, {@code ip:port} or {@code ip}
 * @param camera  the camera id, or null
 * @param details further fields in order (transport, bytes, durationMs, reason, ...); never secrets
 */
public record AuditEvent(Instant time, String event, String user, String remote, String camera,
                         Map<String, Object> details) {

    public static final String SESSION_START = "session-start";
    public static final String SESSION_END = "session-end";
    public static final String AUTH_FAILURE = "auth-failure";
    public static final String DENIED = "denied";
    public static final String RATE_LIMITED = "rate-limited";
    /**
     * Written by the log itself: how many {@link #AUTH_FAILURE}, {@link #DENIED} and
     * {@link #RATE_LIMITED} events of one address were counted instead of written.
     */
    public static final String SUPPRESSED = "suppressed";
    /** Written by the log itself: how many events it could not keep up with and lost. */
    public static final String DROPPED = "dropped";

    /** Most characters kept of {@code event}, {@code user}, {@code remote} and {@code camera}. */
    public static final int MAX_NAME_CHARS = 64;
    /** Most characters kept of a string detail, e.g. {@code reason}. */
    public static final int MAX_TEXT_CHARS = 256;

    /** Names taken by the top-level fields, so a detail cannot shadow them. */
    static final Set<String> RESERVED = Set.of("time", "event", "user", "remote", "camera");

    public AuditEvent {
        requireNonNull(time, "time");
        requireNonNull(event, "event");
        requireNonNull(remote, "remote");
        requireNonNull(details, "details");
        event = AuditText.bound(event, MAX_NAME_CHARS);
        user = AuditText.bound(user, MAX_NAME_CHARS);
        remote = AuditText.bound(remote, MAX_NAME_CHARS);
        camera = AuditText.bound(camera, MAX_NAME_CHARS);
        Map<String, Object> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            checkDetailName(k);
            if (v != null) {
                copy.put(k, AuditText.boundValue(v, MAX_TEXT_CHARS));
            }
        });
        details = Collections.unmodifiableMap(copy);
    }

    private static void checkDetailName(String name) {
        requireNonNull(name, "detail name");
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("detail: " + name + " (expected: not one of " + RESERVED + ")");
        }
        if (lower.contains("password") || lower.contains("secret")) {
            throw new IllegalArgumentException("detail: " + name + " (expected: no passwords or secrets in the audit log)");
        }
    }

    /** Starts an event; {@code time} usually comes from the caller's {@code Clock}. */
    public static Builder builder(String event, Instant time) {
        return new Builder(event, time);
    }

    /** {@code ip:port} ({@code [v6]:port}), or the address's string form when it is not an IP socket address. */
    public static String formatRemote(SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            return HostPort.format(isa);
        }
        return String.valueOf(address);
    }

    /** Builds an {@link AuditEvent}; not thread-safe. */
    public static final class Builder {
        private final String event;
        private final Instant time;
        private String user;
        private String remote;
        private String camera;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(String event, Instant time) {
            this.event = requireNonNull(event, "event");
            this.time = requireNonNull(time, "time");
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder remote(String remote) {
            this.remote = remote;
            return this;
        }

        public Builder remote(SocketAddress remote) {
            this.remote = formatRemote(remote);
            return this;
        }

        public Builder remote(InetAddress remote) {
            this.remote = remote.getHostAddress();
            return this;
        }

        public Builder camera(String camera) {
            this.camera = camera;
            return this;
        }

        public Builder transport(String transport) {
            return detail("transport", transport);
        }

        public Builder bytes(long bytes) {
            return detail("bytes", bytes);
        }

        /** Written as {@code durationMs}. */
        public Builder duration(Duration duration) {
            return detail("durationMs", duration.toMillis());
        }

        public Builder reason(String reason) {
            return detail("reason", reason);
        }

        /**
         * Any other detail; a null value is left out. Strings, numbers, booleans, times, durations,
         * enums, maps and collections are written as such (strings, maps and collections bounded);
         * anything else as its bounded {@code toString()}.
         */
        public Builder detail(String name, Object value) {
            checkDetailName(name);
            details.put(name, value);
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(time, event, user, remote, camera, details);
        }
    }
}
