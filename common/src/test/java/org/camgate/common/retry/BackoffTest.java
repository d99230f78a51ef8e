package org.camgate.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    void maxNeedNotBeAPowerOfTwo() {
        Backoff b = Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(3));
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
    void rejectsNonsense() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("backoff: PT0S..PT1S (expected: 0 < initial <= max)");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("backoff: PT2S..PT1S (expected: 0 < initial <= max)");
        assertThatThrownBy(() -> ONE_TO_SIXTEEN.delay(0)).hasMessage("failures: 0 (expected: >= 1)");
    }
}
