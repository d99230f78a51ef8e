package org.camgate.sensor.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camgate.event.EventState;

/**
 * The {@code speed} detection of one zone: starts when the fastest object inside exceeds the limit, ends with the
 * zone's hysteresis; the end event reports the highest speed seen while it lasted. Not thread-safe.
 */
public final class SpeedAlarm {
    private final String zone;
    private final double limit;
    private final Latch latch;
    private double topSpeed;

    public SpeedAlarm(String zone, double limit, Duration hold) {
        this.zone = zone;
        this.limit = limit;
        this.latch = new Latch(hold);
    }

    /** Takes the fastest speed measured inside the zone now (m/s; 0 when nothing moves). */
    public void update(double fastest, Instant now, DetectionSink sink) {
        switch (latch.update(fastest > limit, now)) {
            case START -> {
                topSpeed = fastest;
                sink.emit("speed", EventState.START, zone, Map.of("speed", Measurements.round2(fastest), "limit", limit));
            }
            case END -> sink.emit("speed", EventState.END, zone, Map.of("speed", Measurements.round2(topSpeed), "limit", limit));
            default -> topSpeed = Math.max(topSpeed, fastest);
        }
    }
}
