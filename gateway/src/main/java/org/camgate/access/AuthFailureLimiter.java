package org.camgate.access;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Slows down password guessing: counts authentication failures per client address within a
 * window (each failure restarts the window), and after {@code limit} failures asks the caller to
 * delay its 401 by 250 ms, doubling per further failure up to 10 s. IPv6 clients are counted per
 * /64, since one host usually owns the whole prefix. Memory is bounded ({@value #MAX_ADDRESSES}
 * addresses). Thread-safe.
 */
public final class AuthFailureLimiter {

    static final long MAX_ADDRESSES = 100_000;
    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** Counts stop growing here; the delay has long reached its cap. */
    private static final int MAX_EXTRA = 32;

    private final int limit;
    private final Cache<InetAddress, Integer> failures;

    /** With the system ticker. */
    public AuthFailureLimiter(int limit, Duration window) {
        this(limit, window, Ticker.systemTicker());
    }

    public AuthFailureLimiter(int limit, Duration window, Ticker ticker) {
        requireNonNull(window, "window");
        requireNonNull(ticker, "ticker");
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        this.limit = limit;
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(MAX_ADDRESSES)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Counts a failure.
     *
     * @return true exactly when this failure is the first over the limit in the current window, so
     *     the caller can log or audit once ({@code rate-limited}) rather than at every failure
     */
    public boolean recordFailure(InetAddress address) {
        int count = failures.asMap().merge(key(address), 1, (a, b) -> Math.min(a + b, limit + MAX_EXTRA));
        return count == limit + 1;
    }

    /** Forgets the address's failures (after a successful login). */
    public void recordSuccess(InetAddress address) {
        failures.invalidate(key(address));
    }

    /** How long to hold back the answer to this address: zero up to {@code limit} failures. */
    public Duration delayFor(InetAddress address) {
        Integer count = failures.getIfPresent(key(address));
        if (count == null || count <= limit) {
            return Duration.ZERO;
        }
        int extra = count - limit - 1;
        if (extra >= 6) {
            return MAX_DELAY;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << extra);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** The failures counted for the address in the current window. */
    public int failures(InetAddress address) {
        Integer count = failures.getIfPresent(key(address));
        return count == null ? 0 : count;
    }

    /** IPv4 as is; IPv6 reduced to its /64 prefix. */
    static InetAddress key(InetAddress address) {
        requireNonNull(address, "address");
        if (address instanceof Inet6Address) {
            byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }
}
