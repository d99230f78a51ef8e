package org.camgate.protocol.auth;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceCounterTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void eachCountIsAcceptedOnceAndOnlyUpwards() {
        NonceCounter counter = new NonceCounter(10, Duration.ofMinutes(5), clock);
        assertThat(counter.advance("n1", "00000001")).isTrue();
        assertThat(counter.advance("n1", "00000001")).isFalse();
        assertThat(counter.advance("n1", "00000003")).isTrue();
        assertThat(counter.advance("n1", "00000002")).isFalse();
        assertThat(counter.advance("n2", "00000001")).isTrue();
    }

    @Test
    void whenFullOfLiveNoncesANewOneIsRefusedNotAnOldOneForgotten() {
        NonceCounter counter = new NonceCounter(2, Duration.ofMinutes(5), clock);
        assertThat(counter.advance("a", "00000001")).isTrue();
        assertThat(counter.advance("b", "00000001")).isTrue();
        assertThat(counter.advance("c", "00000001")).isFalse();
        assertThat(counter.advance("a", "00000001")).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(counter.advance("c", "00000001")).isTrue();
        assertThat(counter.size()).isEqualTo(1);
    }
}
