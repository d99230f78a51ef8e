package org.camgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofMinutes(5), ticker);

    @Test
    void noDelayUpToTheLimitThenDoublingUpToTheCap() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            limiter.recordFailure(a);
            delays.add(limiter.delayFor(a));
        }
        assertThat(delays).extracting(Duration::toMillis).containsExactly(
                0L, 0L, 0L, 250L, 500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void reportsCrossingTheLimitOncePerWindow() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        List<Boolean> crossed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            crossed.add(limiter.recordFailure(a));
        }
        assertThat(crossed.indexOf(true)).isEqualTo(3);
        assertThat(crossed.lastIndexOf(true)).isEqualTo(3);
        assertThat(limiter.delayFor(a)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void failuresExpireAWindowAfterTheLastOne() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(a);
        }
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        limiter.recordFailure(a);
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(limiter.failures(a)).isEqualTo(5);
        assertThat(limiter.delayFor(a)).isEqualTo(Duration.ofMillis(500));

        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.failures(a)).isZero();
        assertThat(limiter.delayFor(a)).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.recordFailure(a)).isFalse();
        }
        assertThat(limiter.recordFailure(a)).isTrue();
    }

    @Test
    void successClearsTheCount() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(a);
        }
        limiter.recordSuccess(a);
        assertThat(limiter.delayFor(a)).isZero();
        assertThat(limiter.failures(a)).isZero();
    }

    @Test
    void addressesAreCountedSeparatelyAndIpv6Per64() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(a);
        }
        assertThat(limiter.delayFor(b)).isZero();

        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(InetAddress.getByName("2001:db8:1:2::" + (i + 1)));
        }
        assertThat(limiter.delayFor(InetAddress.getByName("2001:db8:1:2:ffff::9"))).isEqualTo(Duration.ofMillis(250));
        assertThat(limiter.delayFor(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new AuthFailureLimiter(0, Duration.ofMinutes(1), ticker))
                .hasMessage("limit: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new AuthFailureLimiter(3, Duration.ZERO, ticker))
                .hasMessage("window: PT0S (expected: > 0)");
    }
}
