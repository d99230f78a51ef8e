package org.camgate.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Backoff ONE_TO_SIXTEEN = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(16));

    @Test
    void doublesFromInitialUpToMax() {
        assertThat(ONE_TO_SIXTEEN.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ONE_TO_SIXTEEN.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ONE_TO_SIXTEEN.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(ONE_TO_SIXTEEN.delay(6)).isEqualTo(Duration.ofSeconds(16));
        assertThat(ONE_TO_SIXTEEN.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void maxNeedNotBeAPowerOfTheFactor() {
        Backoff b = Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void otherFactors() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, 0);
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(2250));
        Backoff constant = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 0);
        assertThat(constant.delay(100)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retriesCountFailuresAndStartOverAfterASuccess() {
        Backoff.Retries r = ONE_TO_SIXTEEN.retries();
        assertThat(r.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(r.failures()).isEqualTo(3);
        r.reset();
        assertThat(r.failures()).isZero();
        assertThat(r.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void eachUserHasItsOwnRetries() {
        Backoff.Retries a = ONE_TO_SIXTEEN.retries();
        Backoff.Retries b = ONE_TO_SIXTEEN.retries();
        a.next();
        a.next();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterShortensByAtMostItsFractionUsingTheInjectedRandom() {
        Backoff b = ONE_TO_SIXTEEN.withJitter(0.5);
        assertThat(b.delay(3, fixed(0.0))).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(3, fixed(0.5))).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.delay(3, fixed(0.999_999))).isGreaterThan(Duration.ofSeconds(2));
        SplittableRandom random = new SplittableRandom(42);
        Backoff.Retries r = b.retries(random);
        for (int i = 1; i <= 10; i++) {
            Duration d = r.next();
            assertThat(d).isLessThanOrEqualTo(b.delay(i)).isGreaterThan(b.delay(i).dividedBy(2));
        }
    }

    @Test
    void aPolicyWithJitterNeedsARandomSource() {
        assertThatThrownBy(() -> ONE_TO_SIXTEEN.withJitter(0.2).retries()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("backoff: PT0S..PT1S (expected: 0 < initial <= max)");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("backoff: PT2S..PT1S (expected: 0 < initial <= max)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0))
                .hasMessage("factor: 0.5 (expected: >= 1)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.NaN, 0))
                .hasMessage("factor: NaN (expected: >= 1)");
        assertThatThrownBy(() -> ONE_TO_SIXTEEN.withJitter(1.5)).hasMessage("jitter: 1.5 (expected: 0 to 1)");
        assertThatThrownBy(() -> ONE_TO_SIXTEEN.delay(0)).hasMessage("failures: 0 (expected: >= 1)");
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
