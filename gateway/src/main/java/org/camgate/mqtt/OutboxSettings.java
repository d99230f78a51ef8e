package org.camgate.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and durability of the {@link Outbox}.
 *
 * @param dir           where segment files and the acknowledgement mark live (created when missing)
 * @param maxBytes      most bytes of unacknowledged messages kept; beyond, the oldest are dropped
 * @param maxMessages   most unacknowledged messages kept; beyond, the oldest are dropped
 * @param retention     an unacknowledged message older than this is dropped
 * @param fsyncInterval how often written messages are forced to the disk; {@link Duration#ZERO} forces every append
 */
public record OutboxSettings(Path dir, long maxBytes, int maxMessages, Duration retention, Duration fsyncInterval) {
    public OutboxSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages: " + maxMessages + " (expected: > 0)");
        }
    }

    /** Segment files roll over at this size: small enough that acknowledged data is deleted soon. */
    long segmentBytes() {
        return Math.max(64 * 1024, Math.min(16L * 1024 * 1024, maxBytes / 16));
    }
}
