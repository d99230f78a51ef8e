package org.camgate.common.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * An exponential backoff policy: the first retry waits {@code initial}, each further one twice as long, never longer
 * than {@code max}. Immutable; one {@link Retries} per thing that retries (a camera session, the MQTT connection,
 * a PullPoint subscription).
 *
 * @param initial the delay before the first retry, > 0
 * @param max     the longest delay, >= initial
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: " + initial + ".." + max + " (expected: 0 < initial <= max)");
        }
    }

    /** Doubling from {@code initial} up to {@code max}. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max);
    }

    /** The delay before retry {@code failures} (1 = after the first failure). */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
        double nanos = initial.toNanos() * Math.pow(2, failures - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** A new per-use state. */
    public Retries retries() {
        return new Retries(this);
    }

    /**
     * The failures so far of one connection, subscription or session: {@link #next()} after each failure gives the
     * wait before the retry, {@link #reset()} after a success starts over. Not thread-safe: owned by one thread (an
     * event loop) or guarded by its owner's lock.
     */
    public static final class Retries {
        private final Backoff policy;
        private int failures;

        private Retries(Backoff policy) {
            this.policy = policy;
        }

        /** Counts a failure and returns how long to wait before retrying. */
        public Duration next() {
            if (failures < Integer.MAX_VALUE) {
                failures++;
            }
            return policy.delay(failures);
        }

        /** After a success: the next failure waits {@code initial} again. */
        public void reset() {
            failures = 0;
        }

        /** Failures since the last success. */
        public int failures() {
            return failures;
        }
    }
}
