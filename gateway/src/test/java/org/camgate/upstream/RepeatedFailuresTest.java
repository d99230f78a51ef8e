package org.camgate.upstream;

import org.camgate.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The log lines of a retried operation, on a test clock (10:00:00 UTC) with a one-minute summary interval. */
class RepeatedFailuresTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final RepeatedFailures failures = new RepeatedFailures(clock, Duration.ofMinutes(1), ZoneOffset.UTC);

    @Test
    void firstFailureIsLoggedInFullAndTheSameCauseAgainIsQuiet() {
        assertThat(failures.failed("connection refused")).isEqualTo("connection refused");
        clock.advance(Duration.ofSeconds(1));
        assertThat(failures.failed("connection refused")).isNull();
        clock.advance(Duration.ofSeconds(30));
        assertThat(failures.failed("connection refused")).isNull();
        assertThat(failures.count()).isEqualTo(3);
    }

    @Test
    void sameCauseIsSummarisedAtMostOnceAMinute() {
        failures.failed("connection refused");
        clock.advance(Duration.ofSeconds(59));
        assertThat(failures.failed("connection refused")).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(failures.failed("connection refused"))
                .isEqualTo("still failing (3 times since 10:00:00): connection refused");
        clock.advance(Duration.ofSeconds(30));
        assertThat(failures.failed("connection refused")).as("half a minute after the summary").isNull();
        clock.advance(Duration.ofSeconds(30));
        assertThat(failures.failed("connection refused"))
                .isEqualTo("still failing (5 times since 10:00:00): connection refused");
    }

    @Test
    void aNewCauseIsLoggedAtOnceAndRestartsTheMinute() {
        failures.failed("connection refused");
        clock.advance(Duration.ofSeconds(10));
        assertThat(failures.failed("connect timed out")).isEqualTo("connect timed out");
        clock.advance(Duration.ofSeconds(50));
        assertThat(failures.failed("connect timed out")).as("a minute after the first failure, not after this cause")
                .isNull();
        clock.advance(Duration.ofSeconds(10));
        assertThat(failures.failed("connect timed out"))
                .as("counted and dated from the first failure of the outage")
                .isEqualTo("still failing (4 times since 10:00:00): connect timed out");
        assertThat(failures.failed("connection refused")).isEqualTo("connection refused");
    }

    @Test
    void recoveryTellsHowManyFailuresSinceWhenAndStartsOver() {
        clock.advance(Duration.ofSeconds(5));
        failures.failed("connection refused");
        clock.advance(Duration.ofMinutes(3));
        failures.failed("connection refused");

        assertThat(failures.succeeded()).isEqualTo("recovered after 2 failure(s) since 10:00:05");
        assertThat(failures.count()).isZero();
        assertThat(failures.succeeded()).as("nothing failed since").isNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(failures.failed("connection refused")).as("the same cause in a new outage is new again")
                .isEqualTo("connection refused");
        assertThat(failures.succeeded()).isEqualTo("recovered after 1 failure(s) since 10:03:06");
    }

    @Test
    void successWithoutFailuresSaysNothing() {
        assertThat(failures.succeeded()).isNull();
        assertThat(failures.count()).isZero();
    }

    @Test
    void timesAreInTheGivenZone() {
        RepeatedFailures paris = new RepeatedFailures(clock, Duration.ofMinutes(1), java.time.ZoneId.of("Europe/Paris"));
        paris.failed("connection refused");
        assertThat(paris.succeeded()).isEqualTo("recovered after 1 failure(s) since 11:00:00");
    }

    @Test
    void aFailureWithoutACauseIsStillCountedAndLogged() {
        // Callers pass exception messages, which may be null (OnvifCameras: error.getMessage()).
        assertThat(failures.failed(null)).isEqualTo("unknown error");
        assertThat(failures.failed(null)).isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(failures.failed(null)).isEqualTo("still failing (3 times since 10:00:00): unknown error");
        assertThat(failures.failed("connection refused")).isEqualTo("connection refused");
    }
}
