package org.camgate.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;

class RecentRingsTest {
    private static final Instant T = Instant.parse("2026-12-03T19:00:00Z");

    @Test
    void recentEventsKeepTheNewestWithinTheirCapacity() {
        RecentEvents events = new RecentEvents(3);
        for (int i = 0; i < 5; i++) {
            events.onEvent(Event.of(T.plusSeconds(i), "s", EventSource.camera("cam" + i), "motion", EventState.START,
                    null, Map.of()));
        }
        assertThat(events.newestFirst()).extracting(e -> e.source().id()).containsExactly("cam4", "cam3", "cam2");
        assertThat(events.lastOfSensor("cam4")).as("cameras are not sensors").isNull();
        events.onEvent(Event.of(T, "s", EventSource.sensor("radar", "radar"), "fault", EventState.START, null,
                Map.of()));
        events.onEvent(Event.of(T, "s", EventSource.sensor("radar", "radar"), "fault", EventState.END, null,
                Map.of()));
        assertThat(events.lastOfSensor("radar").state()).isEqualTo(EventState.END);
        assertThatThrownBy(() -> new RecentEvents(0)).hasMessageContaining("capacity: 0");
    }

    @Test
    void recentEventsRememberABoundedNumberOfSensors() {
        RecentEvents events = new RecentEvents(1);
        for (int i = 0; i <= RecentEvents.MAX_SENSORS; i++) {
            events.onEvent(Event.of(T, "s", EventSource.sensor("s" + i, "radar"), "fault", EventState.START, null,
                    Map.of()));
        }
        assertThat(events.lastOfSensor("s0")).isNull();
        assertThat(events.lastOfSensor("s" + RecentEvents.MAX_SENSORS)).isNotNull();
    }

    @Test
    void recentAccessKeepsSessionsAndPassesEverythingOn() {
        List<AuditEvent> written = new ArrayList<>();
        boolean[] closed = {false};
        RecentAccess access = new RecentAccess(new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                written.add(event);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        }, 2);
        access.record(audit(AuditEvent.SESSION_START, "a"));
        access.record(audit(AuditEvent.AUTH_FAILURE, "b"));
        access.record(audit(AuditEvent.SESSION_END, "c"));
        access.record(audit(AuditEvent.SESSION_START, "d"));
        assertThat(written).hasSize(4);
        assertThat(access.newestFirst()).extracting(AuditEvent::user).containsExactly("d", "c");
        access.close();
        assertThat(closed[0]).isTrue();
    }

    private static AuditEvent audit(String event, String user) {
        return new AuditEvent(T, event, user, "127.0.0.1:1", "door", Map.of());
    }
}
