package org.camgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.camgate.config.LoginFailureConfig;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final LoginThrottle throttle = new LoginThrottle(new LoginFailureConfig(3, 5, 8, Duration.ofMinutes(1)), ticker);

    @Test
    void anAddressIsLockedAfterItsLimitWithGrowingDelaysUntilTheWindowPasses() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure(a, "x" + i);
            assertThat(throttle.lockout(a, "nvr")).isZero();
        }
        assertThat(throttle.recordFailure(a, "x2")).isTrue();
        assertThat(throttle.lockout(a, "nvr")).isEqualTo(Duration.ofMillis(250));
        throttle.recordFailure(a, null);
        assertThat(throttle.lockout(a, "nvr")).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure(a, null);
        }
        assertThat(throttle.lockout(a, "nvr")).isEqualTo(Duration.ofSeconds(10));
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(throttle.lockout(a, "nvr")).isZero();
    }

    @Test
    void ipv6IsCountedPerSlash64() throws Exception {
        for (int i = 1; i <= 3; i++) {
            throttle.recordFailure(InetAddress.getByName("2001:db8::" + i), null);
        }
        assertThat(throttle.lockout(InetAddress.getByName("2001:db8::ffff"), null)).isPositive();
        assertThat(throttle.lockout(InetAddress.getByName("2001:db8:0:1::1"), null)).isZero();
    }

    @Test
    void aUserGuessedFromManyAddressesIsLockedExceptWhereItLoggedInBefore() throws Exception {
        InetAddress nvr = InetAddress.getByName("10.0.0.5");
        throttle.recordSuccess(nvr, "nvr");
        for (int i = 1; i <= 5; i++) {
            throttle.recordFailure(InetAddress.getByName("10.0.1." + i), "nvr");
        }
        assertThat(throttle.lockout(InetAddress.getByName("10.0.2.1"), "nvr")).isPositive();
        assertThat(throttle.lockout(InetAddress.getByName("10.0.2.1"), "other")).isZero();
        assertThat(throttle.lockout(nvr, "nvr")).isZero();
    }

    @Test
    void failuresFromEverywhereLockEveryoneButTrustedPairs() throws Exception {
        InetAddress nvr = InetAddress.getByName("10.0.0.5");
        throttle.recordSuccess(nvr, "nvr");
        for (int i = 1; i <= 8; i++) {
            throttle.recordFailure(InetAddress.getByName("10.0.3." + i), "u" + i);
        }
        assertThat(throttle.lockout(InetAddress.getByName("10.0.4.1"), "someone")).isPositive();
        assertThat(throttle.lockout(nvr, "nvr")).isZero();
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(throttle.lockout(InetAddress.getByName("10.0.4.1"), "someone")).isZero();
    }

    @Test
    void successForgetsTheAddressCount() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.3");
        throttle.recordFailure(a, "nvr");
        throttle.recordFailure(a, "nvr");
        throttle.recordSuccess(a, "nvr");
        assertThat(throttle.failures(a)).isZero();
    }
}
