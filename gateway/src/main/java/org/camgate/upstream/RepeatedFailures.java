package org.camgate.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Keeps the log of a retried operation towards one camera short: the first failure, and any failure with a new
 * cause, is logged in full; the same cause again is logged at most once per {@code interval} as a summary
 * ("still failing (12 times since 10:01:02): connection refused"); {@link #succeeded()} says how long it lasted.
 * Each method returns the line to log, or null for none, so callers keep their own logger and level.
 * Confined to one thread at a time (callers' loops).
 */
public final class RepeatedFailures {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Clock clock;
    private final Duration interval;
    private final ZoneId zone;
    private String cause;
    private int count;
    private Instant since;
    private Instant lastLogged;

    public RepeatedFailures(Clock clock, Duration interval) {
        this(clock, interval, ZoneId.systemDefault());
    }

    public RepeatedFailures(Clock clock, Duration interval, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * A failure with this cause (null, e.g. an exception without a message: "unknown error"); the line to log now, or
     * null when it is summarised later.
     */
    public String failed(String reason) {
        String failureCause = reason == null ? "unknown error" : reason;
        Instant now = clock.instant();
        if (count == 0) {
            since = now;
        }
        count++;
        if (!failureCause.equals(cause)) {
            cause = failureCause;
            lastLogged = now;
            return failureCause;
        }
        if (Duration.between(lastLogged, now).compareTo(interval) >= 0) {
            lastLogged = now;
            return "still failing (" + count + " times since " + TIME.format(since.atZone(zone)) + "): " + failureCause;
        }
        return null;
    }

    /** Success after failures: the line to log (how many, since when), or null when nothing failed. */
    public String succeeded() {
        if (count == 0) {
            return null;
        }
        String line = "recovered after " + count + " failure(s) since " + TIME.format(since.atZone(zone));
        count = 0;
        cause = null;
        since = null;
        return line;
    }

    /** Failures in a row so far. */
    public int count() {
        return count;
    }
}
