package org.camgate.sensor;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sensor.common.SensorSettings;

/**
 * Anonymous statistics: how many detections of each kind began in each zone during each clock hour (UTC). At every
 * hour boundary it publishes one {@code statistics} event (instant) per sensor zone and line, with the counts of
 * every detector that zone has (what its kind counts: {@link org.camgate.sensor.common.SensorKind#statistics()}),
 * zeros included, and the hour in {@code data.hour}. Nothing per person.
 */
final class HourlyStatistics {
    private final String site;
    private final EventBus bus;
    private final Clock clock;
    /** sensor id -> zone -> event -> count, with every configured zone and detector present. */
    private final Map<String, Map<String, Map<String, Integer>>> counts = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private Instant hour;
    private Runnable unsubscribe;
    private ScheduledFuture<?> ticker;

    HourlyStatistics(List<? extends SensorSettings> sensors, String site, EventBus bus, Clock clock) {
        this.site = site;
        this.bus = bus;
        this.clock = clock;
        for (SensorSettings s : sensors) {
            types.put(s.id(), s.type());
            Map<String, Map<String, Integer>> zones = new LinkedHashMap<>();
            SensorKinds.statistics(s).forEach((zone, events) -> zones.put(zone, zeros(events)));
            counts.put(s.id(), zones);
        }
        hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    }

    private static Map<String, Integer> zeros(List<String> events) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String e : events) {
            m.put(e, 0);
        }
        return m;
    }

    void start(EventExecutor executor) {
        unsubscribe = bus.subscribe(this::count);
        ticker = executor.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    /** Counts detections that begin (start) or happen (instant) in a zone of a configured sensor. */
    synchronized void count(Event e) {
        if (!e.source().isSensor() || e.zone() == null || e.state() == EventState.END) {
            return;
        }
        Map<String, Map<String, Integer>> zones = counts.get(e.source().id());
        Map<String, Integer> events = zones == null ? null : zones.get(e.zone());
        if (events != null && events.containsKey(e.event())) {
            events.merge(e.event(), 1, Integer::sum);
        }
    }

    /** Publishes and resets the counts when the clock has entered a new hour; called every second. */
    void tick() {
        List<Event> out = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            Instant current = now.truncatedTo(ChronoUnit.HOURS);
            if (!current.isAfter(hour)) {
                return;
            }
            for (Map.Entry<String, Map<String, Map<String, Integer>>> s : counts.entrySet()) {
                EventSource source = EventSource.sensor(s.getKey(), types.get(s.getKey()));
                for (Map.Entry<String, Map<String, Integer>> z : s.getValue().entrySet()) {
                    Map<String, Object> data = new LinkedHashMap<>(z.getValue());
                    data.put("hour", hour.toString());
                    out.add(Event.of(current, site, source, "statistics", EventState.INSTANT, z.getKey(), data));
                    z.getValue().replaceAll((k, v) -> 0);
                }
            }
            hour = current;
        }
        for (Event e : out) {
            bus.publish(e);
        }
    }
}
