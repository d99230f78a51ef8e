package org.camgate.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camgate.event.Event;
import org.camgate.event.EventListener;
import org.camgate.event.EventState;

/**
 * Seconds each camera's gate has been open ({@code camgate.gate.open.seconds}), from the {@code gate} start/end
 * events on the bus; a camera whose gate is always open counts from when it was added.
 */
public final class GateOpenTime implements EventListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Meter> meters = new ConcurrentHashMap<>();

    public GateOpenTime(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Starts counting a camera's open time; {@code alwaysOpen} for gate mode {@code always}. */
    public void add(String camera, boolean alwaysOpen) {
        Tally tally = new Tally();
        if (alwaysOpen) {
            tally.openSince = clock.millis();
        }
        tallies.put(camera, tally);
        remove(camera);
        meters.put(camera, FunctionCounter.builder("camgate.gate.open.seconds", tally, t -> t.seconds(clock.millis()))
                .baseUnit("seconds").description("time the camera's gate let video through to readers")
                .tag("camera", camera).register(registry));
    }

    /** Takes one camera's meter out of the registry (the camera was removed or is restarted by a reload). */
    public void remove(String camera) {
        io.micrometer.core.instrument.Meter meter = meters.remove(camera);
        if (meter != null) {
            registry.remove(meter);
        }
        tallies.remove(camera);
    }

    /** Takes every camera's meter out of the registry. */
    public void remove() {
        meters.values().forEach(registry::remove);
        meters.clear();
        tallies.clear();
    }

    @Override
    public void onEvent(Event event) {
        if (!event.source().isCamera() || !"gate".equals(event.event())) {
            return;
        }
        Tally tally = tallies.get(event.source().id());
        if (tally != null) {
            tally.changed(event.state() != EventState.END, event.time().toEpochMilli());
        }
    }

    private static final class Tally {
        private long closedMillis;
        private long openSince = -1;

        synchronized void changed(boolean open, long atMillis) {
            if (open && openSince < 0) {
                openSince = atMillis;
            } else if (!open && openSince >= 0) {
                closedMillis += Math.max(0, atMillis - openSince);
                openSince = -1;
            }
        }

        synchronized double seconds(long nowMillis) {
            long total = closedMillis + (openSince < 0 ? 0 : Math.max(0, nowMillis - openSince));
            return total / 1000.0;
        }
    }
}
