package org.camgate.access;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import org.camgate.config.LoginFailureConfig;

/**
 * Slows password guessing on every way in that takes a password (RTSP and HTTP Digest, WS-Security, MQTT). Failures
 * are counted per client address (IPv6 per /64), per claimed user name and in all, each counter forgotten
 * {@code window} after its last failure. Once a counter is at its limit, {@link #lockout} tells the caller to refuse
 * the attempt <em>without checking its credentials</em> (the right password is refused too) and to answer only after
 * a delay: 250 ms, doubling per failure over the limit, at most 10 s.
 *
 * <p>So that guessing one user's password from many addresses cannot lock that user out, an address that has logged
 * in as a user within the last {@value #TRUSTED_HOURS} hours is exempt from the per-user and global counters for that
 * user (its own per-address counter still applies). Memory is bounded: at most {@value #MAX_KEYS} addresses and user
 * names are counted (beyond, the least recent are forgotten; the global counter still counts). Thread-safe.
 */
public final class LoginThrottle {
    static final long MAX_KEYS = 100_000;
    static final int TRUSTED_HOURS = 24;
    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** Longest user name used as a key; longer claimed names are counted by their prefix. */
    private static final int MAX_NAME = 128;
    private static final int CAP_EXTRA = 64;

    private record Pair(InetAddress address, String user) {
    }

    private final LoginFailureConfig limits;
    private final Ticker ticker;
    private final Cache<InetAddress, Integer> perAddress;
    private final Cache<String, Integer> perUser;
    private final Cache<Pair, Boolean> trusted;
    private int globalCount;
    private long globalLastNanos;

    public LoginThrottle(LoginFailureConfig limits) {
        this(limits, Ticker.systemTicker());
    }

    public LoginThrottle(LoginFailureConfig limits, Ticker ticker) {
        this.limits = requireNonNull(limits, "limits");
        this.ticker = requireNonNull(ticker, "ticker");
        this.perAddress = counter(limits.window(), ticker);
        this.perUser = counter(limits.window(), ticker);
        this.trusted = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(TRUSTED_HOURS)).maximumSize(MAX_KEYS)
                .ticker(ticker).executor(Runnable::run).build();
    }

    private static <K> Cache<K, Integer> counter(Duration window, Ticker ticker) {
        return Caffeine.newBuilder().expireAfterWrite(window).maximumSize(MAX_KEYS).ticker(ticker)
                .executor(Runnable::run).build();
    }

    /**
     * Asked before credentials are checked.
     *
     * @param user the claimed user name, or null when none could be read
     * @return zero to go ahead and check; otherwise refuse unchecked and hold the answer this long
     */
    public Duration lockout(InetAddress address, String user) {
        InetAddress key = AddressKey.of(address);
        int over = over(perAddress.getIfPresent(key), limits.perAddress());
        if (user == null || trusted.getIfPresent(new Pair(key, name(user))) == null) {
            if (user != null) {
                over = Math.max(over, over(perUser.getIfPresent(name(user)), limits.perUser()));
            }
            over = Math.max(over, over(global(), limits.global()));
        }
        return over == 0 ? Duration.ZERO : delay(over);
    }

    /**
     * Counts a refused attempt (wrong credentials, or refused unchecked during a lockout).
     *
     * @return true when this failure reached a limit, so the caller logs and audits {@code rate-limited} once
     */
    public boolean recordFailure(InetAddress address, String user) {
        InetAddress key = AddressKey.of(address);
        int cap = Math.max(limits.perAddress(), Math.max(limits.perUser(), limits.global())) + CAP_EXTRA;
        boolean reached = perAddress.asMap().merge(key, 1, (a, b) -> Math.min(a + b, cap)) == limits.perAddress();
        if (user != null && trusted.getIfPresent(new Pair(key, name(user))) != null) {
            return reached;
        }
        if (user != null) {
            reached |= perUser.asMap().merge(name(user), 1, (a, b) -> Math.min(a + b, cap)) == limits.perUser();
        }
        synchronized (this) {
            global();
            globalCount = Math.min(globalCount + 1, cap);
            globalLastNanos = ticker.read();
            reached |= globalCount == limits.global();
        }
        return reached;
    }

    /** A successful login: forgets the address's failures and trusts it for this user. */
    public void recordSuccess(InetAddress address, String user) {
        InetAddress key = AddressKey.of(address);
        perAddress.invalidate(key);
        if (user != null) {
            trusted.put(new Pair(key, name(user)), Boolean.TRUE);
        }
    }

    /** Failures counted for the address in its current window. */
    public int failures(InetAddress address) {
        Integer n = perAddress.getIfPresent(AddressKey.of(address));
        return n == null ? 0 : n;
    }

    private synchronized int global() {
        if (globalCount > 0 && ticker.read() - globalLastNanos >= limits.window().toNanos()) {
            globalCount = 0;
        }
        return globalCount;
    }

    /** How many failures past its limit a counter is, counting the one at the limit as 1; 0 below it. */
    private static int over(Integer count, int limit) {
        return count == null || count < limit ? 0 : count - limit + 1;
    }

    static Duration delay(int over) {
        if (over >= 7) {
            return MAX_DELAY;
        }
        Duration d = FIRST_DELAY.multipliedBy(1L << (over - 1));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private static String name(String user) {
        return user.length() <= MAX_NAME ? user : user.substring(0, MAX_NAME);
    }
}
