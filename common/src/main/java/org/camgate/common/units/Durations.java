package org.camgate.common.units;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in the configuration: a whole number and one unit, {@code 500ms 10s 5m 72h 30d}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final String EXPECTED = "expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d";

    private Durations() {
    }

    /** Parses {@code 10s}; a plain number is rejected (it has no unit), with a hint. */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            if (text.strip().matches("\\d{1,9}")) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\": a unit is required (e.g. "
                        + text.strip() + "s; units: ms, s, m, h, d)");
            }
            throw new IllegalArgumentException("invalid duration \"" + text + "\" (" + EXPECTED + ")");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    /** The shortest exact form, the inverse of {@link #parse}: {@code 30d}, {@code 90s}, {@code 1500ms}. */
    public static String format(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration: " + d + " (expected: >= 0)");
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
