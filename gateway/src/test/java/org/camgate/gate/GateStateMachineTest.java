package org.camgate.gate;

import org.camgate.config.GateConfig;
import org.camgate.config.GateMode;
import org.camgate.config.ScheduleConfig;
import org.camgate.config.WeeklyWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GateStateMachineTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z"); // a Monday, 13:00 in Stockholm

    private static GateStateMachine machine(Duration postRoll, ScheduleConfig schedule) {
        return new GateStateMachine(new GateConfig(GateMode.TRIGGERS, List.of("motion", "manual", "sensor:r1"),
                Duration.ofSeconds(2), postRoll, Optional.ofNullable(schedule), 1 << 20));
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void opensOnATriggerAndClosesAfterPostRoll() {
        GateStateMachine m = machine(Duration.ofSeconds(10), null);
        assertThat(m.evaluate(at(0))).isEmpty();
        assertThat(m.isOpen()).isFalse();

        assertThat(m.start("motion-key", List.of("motion"), at(1)))
                .containsExactly(new GateTransition(true, at(1), List.of("motion"), "trigger"));
        assertThat(m.end("motion-key", at(5))).isEmpty();
        assertThat(m.isOpen()).as("post-roll").isTrue();
        assertThat(m.nextDeadline(at(5))).isEqualTo(at(15));
        assertThat(m.evaluate(at(14))).isEmpty();
        assertThat(m.evaluate(at(15))).containsExactly(new GateTransition(false, at(15), List.of("motion"), "post-roll"));
        assertThat(m.nextDeadline(at(15))).isNull();
    }

    @Test
    void staysOpenWhileAnyConditionIsActiveAndPostRollRunsFromTheLastEnd() {
        GateStateMachine m = machine(Duration.ofSeconds(3), null);
        m.start("a", List.of("motion"), at(0));
        assertThat(m.start("b", List.of("sensor:r1"), at(1))).as("already open").isEmpty();
        assertThat(m.end("a", at(2))).isEmpty();
        assertThat(m.evaluate(at(10))).as("b still active").isEmpty();
        assertThat(m.end("b", at(10))).isEmpty();
        assertThat(m.evaluate(at(12))).isEmpty();
        assertThat(m.evaluate(at(13))).singleElement().satisfies(t -> {
            assertThat(t.open()).isFalse();
            assertThat(t.triggers()).containsExactly("motion", "sensor:r1");
        });
    }

    @Test
    void aTriggerDuringPostRollKeepsItOpenWithoutANewOpening() {
        GateStateMachine m = machine(Duration.ofSeconds(5), null);
        m.start("a", List.of("motion"), at(0));
        m.end("a", at(1));
        assertThat(m.start("a", List.of("motion"), at(4))).isEmpty();
        assertThat(m.evaluate(at(7))).as("post-roll of the first end is cancelled by the new start").isEmpty();
        m.end("a", at(8));
        assertThat(m.evaluate(at(12))).isEmpty();
        assertThat(m.evaluate(at(13))).hasSize(1);
    }

    @Test
    void anEndWithoutAStartOrTwiceChangesNothing() {
        GateStateMachine m = machine(Duration.ZERO, null);
        assertThat(m.end("x", at(0))).isEmpty();
        m.start("x", List.of("manual"), at(1));
        assertThat(m.end("x", at(2))).containsExactly(new GateTransition(false, at(2), List.of("manual"), "trigger"));
        assertThat(m.end("x", at(3))).isEmpty();
    }

    @Test
    void aPulseOpensForThePostRoll() {
        GateStateMachine m = machine(Duration.ofSeconds(4), null);
        assertThat(m.pulse(List.of("sensor:r1"), at(0))).extracting(GateTransition::open).containsExactly(true);
        assertThat(m.evaluate(at(4))).extracting(GateTransition::open).containsExactly(false);
    }

    @Test
    void aPulseWithoutPostRollOpensAndClosesAtOnce() {
        GateStateMachine m = machine(Duration.ZERO, null);
        assertThat(m.pulse(List.of("sensor:r1"), at(0))).extracting(GateTransition::open).containsExactly(true, false);
    }

    private static ScheduleConfig evenings() {
        // Stockholm: weekday evenings 18:00 to 07:00 the next morning, and all weekend.
        return new ScheduleConfig(ZoneId.of("Europe/Stockholm"),
                List.of(WeeklyWindow.parse("mon-fri 18:00-07:00"), WeeklyWindow.parse("sat,sun 00:00-24:00")));
    }

    @Test
    void outsideTheScheduleTriggersDoNotOpen() {
        GateStateMachine m = machine(Duration.ofSeconds(10), evenings());
        // Monday 13:00 local: shut whatever happens.
        assertThat(m.start("a", List.of("motion"), at(0))).isEmpty();
        assertThat(m.isOpen()).isFalse();
        // The window opens at 18:00 local (17:00 UTC) with the trigger still active.
        Instant six = Instant.parse("2026-11-30T17:00:00Z");
        assertThat(m.nextDeadline(at(0))).isEqualTo(six);
        assertThat(m.evaluate(six)).containsExactly(new GateTransition(true, six, List.of("motion"), "schedule"));
    }

    @Test
    void theScheduleEndClosesAnOpenGate() {
        GateStateMachine m = machine(Duration.ofSeconds(10), evenings());
        Instant night = Instant.parse("2026-12-01T05:00:00Z"); // Tuesday 06:00 local
        m.start("a", List.of("manual"), night);
        assertThat(m.isOpen()).isTrue();
        Instant seven = Instant.parse("2026-12-01T06:00:00Z");
        assertThat(m.nextDeadline(night)).isEqualTo(seven);
        assertThat(m.evaluate(seven)).containsExactly(new GateTransition(false, seven, List.of("manual"), "schedule"));
    }

    @Test
    void postRollEndingOutsideTheWindowDoesNotReopenNextWindow() {
        GateStateMachine m = machine(Duration.ofSeconds(10), evenings());
        Instant night = Instant.parse("2026-12-01T05:59:55Z");
        m.start("a", List.of("motion"), night);
        m.end("a", night.plusSeconds(1));
        m.evaluate(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(m.isOpen()).isFalse();
        assertThat(m.evaluate(Instant.parse("2026-12-01T17:00:00Z"))).as("nothing active any more").isEmpty();
    }

    private static GateStateMachine withMaxOpen(Duration postRoll, Duration maxOpen) {
        return new GateStateMachine(new GateConfig(GateMode.TRIGGERS, List.of("motion", "manual"), Duration.ZERO,
                postRoll, Optional.empty(), 1 << 20, Optional.of(maxOpen)));
    }

    @Test
    void maxOpenClosesAStuckTriggerWhichCountsAgainOnlyAfterItEnds() {
        GateStateMachine m = withMaxOpen(Duration.ofSeconds(5), Duration.ofSeconds(60));
        m.start("rain", List.of("motion"), at(0));
        assertThat(m.nextDeadline(at(1))).isEqualTo(at(60));
        assertThat(m.evaluate(at(59))).isEmpty();

        assertThat(m.evaluate(at(60))).containsExactly(new GateTransition(false, at(60), List.of("motion"), "max-open"));
        assertThat(m.activeTriggers()).isEmpty();
        assertThat(m.start("rain", List.of("motion"), at(61))).as("the same condition again").isEmpty();
        assertThat(m.nextDeadline(at(61))).isNull();

        assertThat(m.end("rain", at(70))).as("no post-roll after an exhausted condition").isEmpty();
        assertThat(m.isOpen()).isFalse();
        assertThat(m.start("rain", List.of("motion"), at(80)))
                .as("once ended, it counts again").containsExactly(new GateTransition(true, at(80), List.of("motion"), "trigger"));
        assertThat(m.nextDeadline(at(80))).isEqualTo(at(140));
    }

    @Test
    void afterMaxOpenANewConditionOpensTheGateAgain() {
        GateStateMachine m = withMaxOpen(Duration.ofSeconds(5), Duration.ofSeconds(60));
        m.start("rain", List.of("motion"), at(0));
        m.evaluate(at(60));

        assertThat(m.start("operator", List.of("manual"), at(65)))
                .containsExactly(new GateTransition(true, at(65), List.of("manual"), "trigger"));
        assertThat(m.activeTriggers()).containsExactly("manual");
        assertThat(m.end("operator", at(70))).as("post-roll of the live condition").isEmpty();
        assertThat(m.evaluate(at(75))).containsExactly(new GateTransition(false, at(75), List.of("manual"), "post-roll"));
    }

    @Test
    void maxOpenCountsTheWholeOpeningIncludingPostRoll() {
        GateStateMachine m = withMaxOpen(Duration.ofSeconds(30), Duration.ofSeconds(20));
        m.start("a", List.of("motion"), at(0));
        m.end("a", at(5));
        assertThat(m.nextDeadline(at(5))).as("the limit comes before the post-roll end").isEqualTo(at(20));
        assertThat(m.evaluate(at(20))).containsExactly(new GateTransition(false, at(20), List.of("motion"), "max-open"));
        assertThat(m.nextDeadline(at(20))).isNull();
    }
}
