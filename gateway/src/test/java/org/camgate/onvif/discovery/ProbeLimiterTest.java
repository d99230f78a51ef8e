package org.camgate.onvif.discovery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ProbeLimiter limiter = new ProbeLimiter(new ProbeLimiter.Rates(3, 1, 5, 2), nanos::get);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private int admitted(String source, int tries) throws Exception {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.admit(ip(source))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void eachSourceGetsItsBurstThenItsRate() throws Exception {
        assertThat(admitted("192.0.2.1", 10)).isEqualTo(3);
        assertThat(limiter.dropped()).isEqualTo(7);
        nanos.addAndGet(1_000_000_000L);
        assertThat(admitted("192.0.2.1", 10)).isEqualTo(1);
    }

    @Test
    void theGlobalBucketBoundsManySources() throws Exception {
        int n = 0;
        for (int i = 1; i <= 20; i++) {
            n += admitted("192.0.2." + i, 1);
        }
        assertThat(n).isEqualTo(5);
        nanos.addAndGet(1_000_000_000L);
        assertThat(admitted("192.0.2.50", 5)).isEqualTo(2);
    }

    @Test
    void anIpv6SourceIsCountedByItsSlash64() throws Exception {
        assertThat(admitted("2001:db8::1", 2) + admitted("2001:db8::2", 2)).isEqualTo(3);
    }

    @Test
    void sourcesAreBounded() throws Exception {
        ProbeLimiter wide = new ProbeLimiter(new ProbeLimiter.Rates(1, 1, 1_000_000, 1_000_000), nanos::get);
        for (int i = 0; i < ProbeLimiter.MAX_SOURCES * 2; i++) {
            wide.admit(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        // The first source was forgotten, so it has a full bucket again; memory stayed bounded.
        assertThat(wide.admit(ip("10.0.0.0"))).isTrue();
    }
}
