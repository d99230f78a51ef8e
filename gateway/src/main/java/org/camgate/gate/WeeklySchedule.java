package org.camgate.gate;

import org.camgate.config.ScheduleConfig;
import org.camgate.config.WeeklyWindow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Answers whether an instant lies in one of a schedule's weekly windows (in its time zone, daylight saving
 * included), and when that answer next changes.
 */
final class WeeklySchedule {
    private final ScheduleConfig config;

    WeeklySchedule(ScheduleConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    boolean allows(Instant t) {
        LocalDate today = t.atZone(config.zone()).toLocalDate();
        for (WeeklyWindow w : config.windows()) {
            for (LocalDate day = today.minusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
                if (w.days().contains(day.getDayOfWeek())) {
                    Instant start = at(day, w.startMinute());
                    Instant end = at(w.overnight() ? day.plusDays(1) : day, w.endMinute());
                    if (!t.isBefore(start) && t.isBefore(end)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The first window start or end after {@code t} (within the next eight days; windows repeat weekly). */
    Instant nextBoundary(Instant t) {
        LocalDate today = t.atZone(config.zone()).toLocalDate();
        Instant best = null;
        for (WeeklyWindow w : config.windows()) {
            for (LocalDate day = today.minusDays(1); day.isBefore(today.plusDays(8)); day = day.plusDays(1)) {
                DayOfWeek dow = day.getDayOfWeek();
                if (!w.days().contains(dow)) {
                    continue;
                }
                for (Instant b : new Instant[] {at(day, w.startMinute()),
                        at(w.overnight() ? day.plusDays(1) : day, w.endMinute())}) {
                    if (b.isAfter(t) && (best == null || b.isBefore(best))) {
                        best = b;
                    }
                }
            }
        }
        return best;
    }

    private Instant at(LocalDate day, int minute) {
        if (minute == 24 * 60) {
            return day.plusDays(1).atStartOfDay(config.zone()).toInstant();
        }
        return ZonedDateTime.of(day, LocalTime.of(minute / 60, minute % 60), config.zone()).toInstant();
    }
}
