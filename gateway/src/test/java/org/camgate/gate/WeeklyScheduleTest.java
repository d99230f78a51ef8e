package org.camgate.gate;

import org.camgate.config.ScheduleConfig;
import org.camgate.config.WeeklyWindow;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeeklyScheduleTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static WeeklySchedule schedule(String... windows) {
        return new WeeklySchedule(new ScheduleConfig(STOCKHOLM, java.util.Arrays.stream(windows).map(WeeklyWindow::parse).toList()));
    }

    private static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(STOCKHOLM).toInstant();
    }

    @Test
    void parsesDaysRangesListsAndTimes() {
        WeeklyWindow w = WeeklyWindow.parse("mon-fri 18:00-07:00");
        assertThat(w.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(w.overnight()).isTrue();
        assertThat(WeeklyWindow.parse("Sat,SUN 00:00-24:00")).isEqualTo(
                new WeeklyWindow(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), 0, 24 * 60));
        assertThat(WeeklyWindow.parse("fri-mon 22:30-23:00").days()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY,
                DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        assertThat(WeeklyWindow.parse("mon-fri 18:00-07:00")).hasToString("mon,tue,wed,thu,fri 18:00-07:00");
    }

    @Test
    void refusesBadWindowsWithClearMessages() {
        assertThatThrownBy(() -> WeeklyWindow.parse("weekdays 18:00-07:00")).hasMessage(
                "unknown day \"weekdays\" in \"weekdays 18:00-07:00\" (expected mon, tue, wed, thu, fri, sat, sun)");
        assertThatThrownBy(() -> WeeklyWindow.parse("mon 25:00-26:00")).hasMessage(
                "invalid time 25:00 in \"mon 25:00-26:00\" (expected 00:00 to 23:59)");
        assertThatThrownBy(() -> WeeklyWindow.parse("mon 24:00-01:00")).hasMessageStartingWith("invalid time 24:00");
        assertThatThrownBy(() -> WeeklyWindow.parse("mon 18:00")).hasMessage(
                "invalid window \"mon 18:00\" (expected \"<days> HH:MM-HH:MM\", days like mon-fri or sat,sun, e.g. \"mon-fri 18:00-07:00\")");
        assertThatThrownBy(() -> WeeklyWindow.parse("mon 00:00-00:00")).hasMessage(
                "invalid window \"mon 00:00-00:00\": write a whole day as 00:00-24:00");
    }

    @Test
    void overnightWindowsReachIntoTheNextDay() {
        WeeklySchedule s = schedule("mon-fri 18:00-07:00");
        assertThat(s.allows(local("2026-11-30T17:59:59"))).isFalse();  // Monday
        assertThat(s.allows(local("2026-11-30T18:00:00"))).isTrue();
        assertThat(s.allows(local("2026-12-01T06:59:59"))).isTrue();   // Tuesday morning
        assertThat(s.allows(local("2026-12-01T07:00:00"))).isFalse();
        assertThat(s.allows(local("2026-12-05T06:00:00"))).as("Saturday morning after Friday night").isTrue();
        assertThat(s.allows(local("2026-12-05T18:00:00"))).as("Saturday evening").isFalse();
        assertThat(s.allows(local("2026-11-30T06:00:00"))).as("Monday morning: Sunday has no window").isFalse();
    }

    @Test
    void wholeDaysAndBoundaries() {
        WeeklySchedule s = schedule("sat,sun 00:00-24:00", "mon-fri 18:00-07:00");
        assertThat(s.allows(local("2026-12-06T23:59:59"))).isTrue();  // Sunday
        assertThat(s.allows(local("2026-12-07T00:00:00"))).isFalse(); // Monday
        assertThat(s.nextBoundary(local("2026-12-07T00:00:00"))).isEqualTo(local("2026-12-07T18:00:00"));
        assertThat(s.nextBoundary(local("2026-12-07T18:00:00"))).isEqualTo(local("2026-12-08T07:00:00"));
    }

    @Test
    void followsDaylightSavingTime() {
        WeeklySchedule s = schedule("sun 01:00-04:00");
        // 2026-03-29: clocks go from 02:00 to 03:00 in Stockholm; the window is two real hours long.
        Instant start = local("2026-03-29T01:00:00");
        assertThat(s.nextBoundary(start)).isEqualTo(ZonedDateTime.of(2026, 3, 29, 4, 0, 0, 0, STOCKHOLM).toInstant());
        assertThat(java.time.Duration.between(start, s.nextBoundary(start))).hasHours(2);
        assertThat(s.allows(Instant.parse("2026-03-29T01:30:00Z"))).as("03:30 local").isTrue();
    }

    @Test
    void aScheduleNeedsAWindow() {
        assertThatThrownBy(() -> new ScheduleConfig(STOCKHOLM, List.of()))
                .hasMessage("windows: empty (expected: at least one window)");
    }
}
