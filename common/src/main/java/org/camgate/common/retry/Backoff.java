package org.camgate.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An exponential backoff policy: the first retry waits {@code initial}, each further one {@code factor} times longer,
 * never longer than {@code max}. With {@code jitter} j > 0 each delay is shortened by a random part of up to j of it
 * (so peers that failed together do not retry together). Immutable; one {@link Retries} per thing that retries.
 *
 * @param initial the delay before the first retry, > 0
 * @param max     the longest delay, >= initial
 * @param factor  growth per failure, >= 1
 * @param jitter  the largest fraction taken off a delay at random, 0 (none) to 1
 */
public record Backoff(Duration initial, Duration max, double factor, double jitter) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: " + initial + ".." + max + " (expected: 0 < initial <= max)");
        }
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor: " + factor + " (expected: >= 1)");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0 to 1)");
        }
    }

    /** Doubling from {@code initial} up to {@code max}, no jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2, 0);
    }

    /** The same policy with {@code fraction} jitter. */
    public Backoff withJitter(double fraction) {
        return new Backoff(initial, max, factor, fraction);
    }

    /** The delay before retry {@code failures} (1 = after the first failure), without jitter. */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
        double nanos = initial.toNanos() * Math.pow(factor, failures - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** The delay before retry {@code failures}, shortened by the jitter drawn from {@code random}. */
    public Duration delay(int failures, RandomGenerator random) {
        Duration d = delay(failures);
        if (jitter == 0) {
            return d;
        }
        return Duration.ofNanos(Math.round(d.toNanos() * (1 - jitter * random.nextDouble())));
    }

    /** A new per-use state without jitter randomness (use {@link #retries(RandomGenerator)} with jitter). */
    public Retries retries() {
        if (jitter != 0) {
            throw new IllegalStateException("a backoff with jitter needs a random source: retries(random)");
        }
        return new Retries(this, null);
    }

    /** A new per-use state that draws its jitter from {@code random}. */
    public Retries retries(RandomGenerator random) {
        return new Retries(this, Objects.requireNonNull(random, "random"));
    }

    /**
     * The failures so far of one connection, subscription or session: {@link #next()} after each failure gives the
     * wait before the retry, {@link #reset()} after a success starts over. Not thread-safe: owned by one thread (an
     * event loop) or guarded by its owner's lock.
     */
    public static final class Retries {
        private final Backoff policy;
        private final RandomGenerator random;
        private int failures;

        private Retries(Backoff policy, RandomGenerator random) {
            this.policy = policy;
            this.random = random;
        }

        /** Counts a failure and returns how long to wait before retrying. */
        public Duration next() {
            if (failures < Integer.MAX_VALUE) {
                failures++;
            }
            return random == null ? policy.delay(failures) : policy.delay(failures, random);
        }

        /** After a success: the next failure waits {@code initial} again. */
        public void reset() {
            failures = 0;
        }

        /** Failures since the last success. */
        public int failures() {
            return failures;
        }

        public Backoff policy() {
            return policy;
        }
    }
}
