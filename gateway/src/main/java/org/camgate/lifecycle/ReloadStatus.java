package org.camgate.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The last reload attempt, for the {@code reload} section of {@code /status}, and the counter
 * {@code camgate_reload_total{result}} (one per attempt). Thread-safe: one immutable attempt is swapped in.
 */
public final class ReloadStatus {
    /** How a reload ended. */
    public enum Result {
        /** The file was valid and its changes are running. */
        APPLIED,
        /** The file was valid and equal to the running configuration. */
        UNCHANGED,
        /** The file was invalid (or unreadable): nothing changed. */
        INVALID,
        /** The file was valid but applying it failed part way: see the problems; some parts may have changed. */
        FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One attempt: when, what started it, how it ended, what changed, and what is wrong. */
    public record Attempt(Instant time, String trigger, Result result, List<String> changed,
                          List<String> needsRestart, List<String> problems) {
        public Attempt {
            changed = List.copyOf(changed);
            needsRestart = List.copyOf(needsRestart);
            problems = List.copyOf(problems);
        }
    }

    private final MeterRegistry metrics;
    private volatile Attempt last;

    public ReloadStatus(MeterRegistry metrics) {
        this.metrics = metrics;
        for (Result r : Result.values()) {
            counter(r); // every series present from the start, at 0
        }
    }

    public void record(Attempt attempt) {
        last = attempt;
        counter(attempt.result()).increment();
    }

    private Counter counter(Result result) {
        return Counter.builder("camgate.reload").description("Configuration reloads, by result")
                .tag("result", result.label()).register(metrics);
    }

    /** The last attempt, or null when there was none. */
    public Attempt last() {
        return last;
    }

    /** The {@code reload} status section: {@code {"lastAttempt": null}} before the first reload. */
    public Map<String, Object> snapshot() {
        Attempt a = last;
        Map<String, Object> out = new LinkedHashMap<>();
        if (a == null) {
            out.put("lastAttempt", null);
            return out;
        }
        out.put("lastAttempt", a.time().toString());
        out.put("trigger", a.trigger());
        out.put("result", a.result().label());
        out.put("changed", a.changed());
        out.put("needsRestart", a.needsRestart());
        out.put("problems", a.problems());
        return out;
    }
}
