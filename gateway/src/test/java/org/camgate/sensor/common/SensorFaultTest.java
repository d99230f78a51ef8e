package org.camgate.sensor.common;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.camgate.audit.InMemoryAuditLog;
import org.camgate.config.GateConfig;
import org.camgate.config.GateMode;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.gate.CameraGate;
import org.camgate.sensor.radar.RadarInput;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.radar.RadarZone;
import org.camgate.sim.sensor.SensorWire;
import org.camgate.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A radar that goes silent mid-intrusion: its fault ends the intrusion, and the gate it opened closes after post-roll. */
class SensorFaultTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9101);
    private static final InetSocketAddress RADAR = new InetSocketAddress("127.0.0.1", 40000);
    private static final List<Point2> YARD = List.of(new Point2(0, 0), new Point2(10, 0), new Point2(10, 10),
            new Point2(0, 10));
    private static final Duration SILENCE = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final EventBus bus = new EventBus();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final DefaultEventLoop gateLoop = new DefaultEventLoop();
    private long seq;

    @AfterEach
    void stopLoop() {
        gateLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private SensorHandler radar(boolean faultEndsDetections) {
        RadarSettings radar = new RadarSettings(new CommonSettings("radar-1", URI.create("udp://127.0.0.1:9101"), SILENCE,
                Duration.ofSeconds(1), List.of(), faultEndsDetections),
                List.of(new RadarZone("yard", YARD, true, null, null)), List.of());
        bus.subscribe(e -> {
            if (!e.event().equals("gate")) {
                events.add(e);
            }
        });
        return new SensorHandler("site", EventSource.sensor("radar-1", "radar"), new RadarInput(radar),
                new PacketCounters(new SimpleMeterRegistry(), "radar-1", "radar"), bus, clock, SILENCE,
                faultEndsDetections, org.camgate.access.TestPolicies.forSensors(radar));
    }

    private void sendTrack(EmbeddedChannel ch, double x, double y) {
        List<SensorWire.Track> tracks = List.of(new SensorWire.Track("7", x, y, 0, 0, "person"));
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(SensorWire.radar(++seq, tracks)), LOCAL, RADAR));
    }

    private List<String> seen() {
        return events.stream().map(e -> e.event() + "/" + e.state().wire()).toList();
    }

    @Test
    void aFaultMidIntrusionEndsTheIntrusionAndTheGateClosesAfterPostRoll() throws Exception {
        CameraGate gate = new CameraGate("entrance", "site", new GateConfig(GateMode.TRIGGERS,
                List.of("sensor:radar-1/yard"), Duration.ZERO, Duration.ofMillis(200), Optional.empty(), 1 << 20),
                gateLoop, clock, bus, new InMemoryAuditLog());
        gate.start();
        SensorHandler handler = radar(true);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        sendTrack(ch, 5, 5);
        gateLoop.submit(() -> { }).syncUninterruptibly();
        assertThat(gate.isOpen()).isTrue();

        clock.advance(SILENCE);
        handler.checkSilence();
        assertThat(seen()).containsExactly("intrusion/start", "fault/start", "intrusion/end");
        Event end = events.get(2);
        assertThat(end.zone()).isEqualTo("yard");
        assertThat(end.data()).containsEntry("reason", "fault").containsEntry("seconds", 2.0);

        gateLoop.submit(() -> { }).syncUninterruptibly();
        assertThat(gate.isOpen()).as("post-roll after the fault ended the trigger").isTrue();
        clock.advance(Duration.ofMillis(200));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gate.isOpen()).as("closed after post-roll although the radar never said the yard was empty").isFalse();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void afterTheFaultAPersonStillThereStartsANewIntrusionAndItEndsOnlyOnce() {
        SensorHandler handler = radar(true);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        sendTrack(ch, 5, 5);
        clock.advance(SILENCE);
        handler.checkSilence();
        handler.checkSilence();
        clock.advance(Duration.ofSeconds(1));
        sendTrack(ch, 5, 5);                                     // the radar is back and still sees the person
        clock.advance(Duration.ofSeconds(1));
        sendTrack(ch, 50, 50);                                   // the person leaves the yard
        clock.advance(Duration.ofSeconds(1));
        sendTrack(ch, 50, 50);                                   // after the 1 s hold
        // The fault ends before what the datagram that ended it detected.
        assertThat(seen()).containsExactly("intrusion/start", "fault/start", "intrusion/end",
                "fault/end", "intrusion/start", "intrusion/end");
        assertThat(events.get(5).data()).doesNotContainKey("reason");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void withFaultEndsDetectionsOffTheIntrusionOutlivesTheFault() {
        SensorHandler handler = radar(false);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        sendTrack(ch, 5, 5);
        clock.advance(SILENCE);
        handler.checkSilence();
        assertThat(seen()).containsExactly("intrusion/start", "fault/start");
        assertThat(events.get(1).data()).isEqualTo(Map.of("silentSeconds", 2.0));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
