package org.camgate.config;

import org.camgate.common.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Alarm clips: short recordings of a camera's gate openings (pre-roll to end of post-roll), kept under {@code dir}
 * for {@code retention}, served over HTTP when {@code listen} is set.
 *
 * @param enabled       whether a {@code clips:} section is present (no section: no clips, nothing on disk)
 * @param dir           where clips are kept
 * @param retention     a clip older than this is deleted (default 72h)
 * @param maxBytes      the most all clips may take; the oldest go first (default 10GB)
 * @param maxLength     a clip is cut at this length (default 2m)
 * @param minFree       no new clip starts while the disk has less free space than this (default 256MB)
 * @param encryptionKey AES-256 key; when present every clip file is encrypted at rest (never shown by toString)
 * @param listen        the clips HTTP listener, or empty: no listener
 * @param publicUrl     the base URL put into clip events ({@code http://host:port}); default from {@code listen}
 * @param cameras       camera id -> the gate triggers that make a clip (empty list: every opening)
 */
public record ClipsConfig(boolean enabled, Path dir, Duration retention, long maxBytes, Duration maxLength, long minFree,
                          Optional<SecretKey> encryptionKey, Optional<HostPort> listen, Optional<String> publicUrl,
                          Map<String, List<String>> cameras) {
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(72);
    public static final long DEFAULT_MAX_BYTES = 10L << 30;
    public static final Duration DEFAULT_MAX_LENGTH = Duration.ofMinutes(2);
    public static final long DEFAULT_MIN_FREE = 256L << 20;

    public ClipsConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(publicUrl, "publicUrl");
        cameras = Map.copyOf(cameras);
    }

    /** No clips section. */
    public static ClipsConfig disabled() {
        return new ClipsConfig(false, Path.of("data/clips"), DEFAULT_RETENTION, DEFAULT_MAX_BYTES, DEFAULT_MAX_LENGTH,
                DEFAULT_MIN_FREE, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** Whether the camera records clips, and for which triggers (empty: every gate opening). */
    public Optional<List<String>> camera(String id) {
        return enabled ? Optional.ofNullable(cameras.get(id)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ClipsConfig[enabled=" + enabled + ", dir=" + dir + ", retention=" + retention + ", maxBytes=" + maxBytes
                + ", maxLength=" + maxLength + ", minFree=" + minFree + ", encrypted=" + encryptionKey.isPresent()
                + ", listen=" + listen + ", publicUrl=" + publicUrl + ", cameras=" + cameras + "]";
    }
}
