package org.camgate.gate;

import io.netty.channel.DefaultEventLoop;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.InMemoryAuditLog;
import org.camgate.config.GateConfig;
import org.camgate.config.GateMode;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CameraGateTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final EventBus bus = new EventBus();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Boolean> changes = new CopyOnWriteArrayList<>();
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
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

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CameraGate gate(GateMode mode, List<String> triggers, Duration postRoll) {
        CameraGate gate = new CameraGate("cam1", "lab", new GateConfig(mode, triggers, Duration.ofSeconds(2), postRoll,
                Optional.empty(), 1 << 20), loop, clock, bus, audit);
        gate.listen((open, nanos) -> {
            assertThat(loop.inEventLoop()).isTrue();
            changes.add(open);
        });
        bus.subscribe(e -> {
            if (e.event().equals("gate")) {
                events.add(e);
            }
        });
        gate.start();
        return gate;
    }

    private void publish(EventSource source, String event, EventState state, String zone) {
        bus.publish(Event.of(now, "lab", source, event, state, zone, Map.of()));
    }

    private void sync() {
        loop.submit(() -> { }).syncUninterruptibly();
    }

    @Test
    void motionModeOpensOnTheCamerasOwnMotionAndPublishesTheChange() {
        CameraGate gate = gate(GateMode.MOTION, List.of(), Duration.ZERO);
        publish(EventSource.camera("other"), "motion", EventState.START, null);
        sync();
        assertThat(gate.isOpen()).as("another camera's motion").isFalse();

        publish(EventSource.camera("cam1"), "motion", EventState.START, null);
        sync();
        assertThat(gate.isOpen()).isTrue();
        publish(EventSource.camera("cam1"), "motion", EventState.END, null);
        sync();
        assertThat(gate.isOpen()).isFalse();

        assertThat(changes).containsExactly(true, false);
        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(events.get(0).source()).isEqualTo(EventSource.camera("cam1"));
        assertThat(events.get(0).data()).isEqualTo(Map.of("triggers", "motion", "reason", "trigger"));
        assertThat(audit.events()).extracting(AuditEvent::event).containsExactly("gate-open", "gate-close");
        assertThat(audit.events().get(0).camera()).isEqualTo("cam1");
        assertThat(audit.events().get(1).details()).containsEntry("reason", "trigger").containsEntry("triggers", "motion");
    }

    @Test
    void onlyListedTriggersCountAndSensorZonesAreTrackedApart() {
        CameraGate gate = gate(GateMode.TRIGGERS, List.of("manual", "sensor:radar-1/fence"), Duration.ZERO);
        publish(EventSource.camera("cam1"), "motion", EventState.START, null);
        publish(EventSource.sensor("radar-1", "radar"), "intrusion", EventState.START, "gate");
        publish(EventSource.sensor("radar-1", "radar"), "fault", EventState.START, "fence");
        sync();
        assertThat(gate.isOpen()).isFalse();

        publish(EventSource.sensor("radar-1", "radar"), "intrusion", EventState.START, "fence");
        publish(EventSource.camera("cam1"), "manual", EventState.START, null);
        publish(EventSource.sensor("radar-1", "radar"), "intrusion", EventState.END, "fence");
        sync();
        assertThat(gate.isOpen()).as("manual still active").isTrue();
        publish(EventSource.camera("cam1"), "manual", EventState.END, null);
        sync();
        assertThat(gate.isOpen()).isFalse();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).data()).containsEntry("triggers", "sensor:radar-1/fence,manual");
    }

    @Test
    void postRollEndsOnTheGatesOwnTimer() throws Exception {
        CameraGate gate = gate(GateMode.TRIGGERS, List.of("manual"), Duration.ofMillis(200));
        publish(EventSource.camera("cam1"), "manual", EventState.START, null);
        publish(EventSource.camera("cam1"), "manual", EventState.END, null);
        sync();
        assertThat(gate.isOpen()).isTrue();
        now = now.plusMillis(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gate.isOpen()).isFalse();
        assertThat(events.get(1).data()).containsEntry("reason", "post-roll");
    }

    @Test
    void afterStopTriggersAreIgnored() {
        CameraGate gate = gate(GateMode.TRIGGERS, List.of("manual"), Duration.ZERO);
        gate.stop();
        publish(EventSource.camera("cam1"), "manual", EventState.START, null);
        sync();
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void snapshotShowsActiveTriggersPostRollAndTheLastChangeForStatusReaders() {
        CameraGate gate = gate(GateMode.TRIGGERS, List.of("manual", "motion"), Duration.ofSeconds(10));
        sync();
        assertThat(gate.snapshot()).isEqualTo(new CameraGate.Snapshot(false, List.of(), null, true, null));

        publish(EventSource.camera("cam1"), "manual", EventState.START, null);
        publish(EventSource.camera("cam1"), "motion", EventState.START, null);
        sync();
        Instant opened = now;
        assertThat(gate.snapshot()).isEqualTo(new CameraGate.Snapshot(true, List.of("manual", "motion"), null, true, opened));

        now = now.plusSeconds(5);
        publish(EventSource.camera("cam1"), "manual", EventState.END, null);
        publish(EventSource.camera("cam1"), "motion", EventState.END, null);
        sync();
        assertThat(gate.snapshot()).isEqualTo(new CameraGate.Snapshot(true, List.of(), now.plusSeconds(10), true, opened));

        now = now.plusSeconds(11);
        loop.submit(gate::evaluate).syncUninterruptibly();
        assertThat(gate.snapshot()).isEqualTo(new CameraGate.Snapshot(false, List.of(), null, true, now));
        gate.stop();
    }

    @Test
    void statusSectionListsEveryCameraWithItsGateAndMotion() {
        CameraGate gate = gate(GateMode.MOTION, List.of(), Duration.ZERO);
        GateStatus status = new GateStatus();
        status.add("cam0", GateMode.ALWAYS, null, null);
        status.add("cam1", GateMode.MOTION, gate, () -> Map.of("motion", true, "score", 0.25));
        publish(EventSource.camera("cam1"), "motion", EventState.START, null);
        sync();

        List<Map<String, Object>> snapshot = status.snapshot();

        assertThat(snapshot).hasSize(2);
        assertThat(snapshot.get(0)).containsExactly(Map.entry("id", "cam0"), Map.entry("mode", "always"),
                Map.entry("open", true));
        assertThat(snapshot.get(1)).containsEntry("id", "cam1").containsEntry("mode", "motion")
                .containsEntry("open", true).containsEntry("activeTriggers", List.of("motion"))
                .containsEntry("scheduleAllows", true).containsEntry("since", now.toString())
                .containsEntry("motion", Map.of("motion", true, "score", 0.25));
        gate.stop();
    }

    @Test
    void aGateChangeReachesListenersAfterTheEventThatCausedIt() {
        CameraGate gate = gate(GateMode.MOTION, List.of(), Duration.ZERO);
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> seen.add(e.event() + " " + e.state().wire()));

        // The motion analysis publishes on the camera's loop, where the gate runs.
        loop.submit(() -> publish(EventSource.camera("cam1"), "motion", EventState.START, null)).syncUninterruptibly();
        sync();

        assertThat(gate.isOpen()).isTrue();
        assertThat(seen).containsExactly("motion start", "gate start");
        gate.stop();
    }
}
