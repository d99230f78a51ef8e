package org.camgate.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Weekly windows in the site's time zone; outside every window a camera's gate stays shut whatever its triggers say.
 *
 * @param zone    the time zone the windows are written in
 * @param windows at least one window
 */
public record ScheduleConfig(ZoneId zone, List<WeeklyWindow> windows) {
    public ScheduleConfig {
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("windows: empty (expected: at least one window)");
        }
    }
}
