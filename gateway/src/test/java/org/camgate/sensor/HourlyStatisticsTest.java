package org.camgate.sensor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.radar.LineConfig;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.radar.RadarZone;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HourlyStatisticsTest {
    private Instant now = Instant.parse("2026-01-01T10:59:58Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void countsDetectionsPerZoneAndPublishesThemAtTheHour() {
        List<Point2> sq = List.of(new Point2(0, 0), new Point2(1, 0), new Point2(1, 1));
        RadarSettings radar = new RadarSettings(new CommonSettings("r", URI.create("udp://127.0.0.1:1"), Duration.ofSeconds(5),
                Duration.ZERO, List.of(), true), List.of(new RadarZone("yard", sq, true, Duration.ofSeconds(5), null)),
                List.of(new LineConfig("door", new Point2(0, 0), new Point2(0, 1), LineConfig.CrossingDirection.BOTH)));
        EventBus bus = new EventBus();
        List<Event> published = new ArrayList<>();
        bus.subscribe(e -> {
            if (e.event().equals("statistics")) {
                published.add(e);
            }
        });
        HourlyStatistics stats = new HourlyStatistics(List.of(radar), "site", bus, clock);
        bus.subscribe(stats::count);
        EventSource src = EventSource.sensor("r", "radar");
        bus.publish(Event.of(now, "site", src, "intrusion", EventState.START, "yard", Map.of()));
        bus.publish(Event.of(now, "site", src, "intrusion", EventState.END, "yard", Map.of()));
        bus.publish(Event.of(now, "site", src, "intrusion", EventState.START, "yard", Map.of()));
        bus.publish(Event.of(now, "site", src, "line-crossing", EventState.INSTANT, "door", Map.of()));
        bus.publish(Event.of(now, "site", src, "fault", EventState.START, null, Map.of()));
        bus.publish(Event.of(now, "site", EventSource.sensor("other", "radar"), "intrusion", EventState.START, "yard", Map.of()));
        stats.tick();
        assertThat(published).isEmpty();
        now = Instant.parse("2026-01-01T11:00:00Z");
        stats.tick();
        assertThat(published).hasSize(2);
        Event yard = published.get(0);
        assertThat(yard.zone()).isEqualTo("yard");
        assertThat(yard.state()).isEqualTo(EventState.INSTANT);
        assertThat(yard.time()).isEqualTo(now);
        assertThat(yard.data()).isEqualTo(Map.of("intrusion", 2, "dwell", 0, "hour", "2026-01-01T10:00:00Z"));
        assertThat(published.get(1).data()).isEqualTo(Map.of("line-crossing", 1, "hour", "2026-01-01T10:00:00Z"));
        published.clear();
        stats.tick();
        assertThat(published).isEmpty();
        now = Instant.parse("2026-01-01T12:00:01Z");
        stats.tick();
        assertThat(published.get(0).data()).isEqualTo(Map.of("intrusion", 0, "dwell", 0, "hour", "2026-01-01T11:00:00Z"));
    }
}
