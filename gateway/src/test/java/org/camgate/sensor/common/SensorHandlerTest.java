package org.camgate.sensor.common;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.sensor.lidar.LidarInput;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.radar.RadarInput;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sim.sensor.SensorWire;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensorHandlerTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9101);
    private static final InetSocketAddress SENSOR = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void countsEveryDatagramReleasesItAndReportsSilence() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventBus bus = new EventBus();
        List<Event> events = new ArrayList<>();
        bus.subscribe(events::add);
        LidarSettings lidar = new LidarSettings(new CommonSettings("l", URI.create("udp://127.0.0.1:9101")));
        SensorInput input = new LidarInput(lidar);
        PacketCounters counters = new PacketCounters(registry, "l", "lidar");
        SensorHandler handler = new SensorHandler("site", EventSource.sensor("l", "lidar"), input, counters, bus, clock,
                Duration.ofSeconds(2), true, org.camgate.access.TestPolicies.forSensors(lidar));
        EmbeddedChannel ch = new EmbeddedChannel(handler);

        List<ByteBuf> sent = new ArrayList<>();
        sent.add(send(ch, new byte[] {1, 2, 3}));
        sent.add(send(ch, SensorWire.lidar(1, new float[8], 2, 1).get(0)));    // first half of frame 1
        sent.add(send(ch, SensorWire.lidar(2, new float[8], 2, 2).get(0)));    // frame 2 whole: frame 1 abandoned
        assertThat(counters.count("malformed")).isEqualTo(1);
        assertThat(counters.count("accepted")).isEqualTo(2);
        assertThat(registry.get("camgate.sensor.frames.incomplete").counter().count()).isEqualTo(1);
        assertThat(sent).allMatch(b -> b.refCnt() == 0);

        now = now.plusMillis(1999);
        handler.checkSilence();
        assertThat(events).isEmpty();
        now = now.plusMillis(1);
        handler.checkSilence();
        handler.checkSilence();
        assertThat(events).extracting(e -> e.event() + "/" + e.state().wire()).containsExactly("fault/start");
        assertThat(events.get(0).data()).containsEntry("silentSeconds", 2.0);
        send(ch, new byte[] {9});                                               // garbage does not end a fault
        assertThat(events).hasSize(1);
        now = now.plusSeconds(3);
        // the input was reset: frame numbering may start again
        send(ch, SensorWire.lidar(0, new float[4], 1, 1).get(0));
        assertThat(events).extracting(e -> e.event() + "/" + e.state().wire()).containsExactly("fault/start", "fault/end");
        assertThat(events.get(1).data()).containsEntry("silentSeconds", 5.0);
        assertThat(events.get(1).source()).isEqualTo(EventSource.sensor("l", "lidar"));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void datagramsFromOutsideTheAllowListAreDeniedAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PacketCounters counters = new PacketCounters(registry, "r", "radar");
        RadarSettings radar = new RadarSettings(new CommonSettings("r", URI.create("udp://127.0.0.1:9101"),
                CommonSettings.DEFAULT_SILENCE_TIMEOUT, CommonSettings.DEFAULT_HOLD,
                List.of(org.camgate.access.Cidr.parse("10.0.0.0/8")), true));
        org.camgate.audit.InMemoryAuditLog audit = new org.camgate.audit.InMemoryAuditLog();
        SensorHandler handler = new SensorHandler("site", EventSource.sensor("r", "radar"), new RadarInput(radar),
                counters, new EventBus(), clock, Duration.ofSeconds(2), true,
                org.camgate.access.TestPolicies.forSensors(List.of(radar), audit));
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ByteBuf denied = send(ch, SensorWire.radar(1, List.of()));
        ByteBuf allowed = Unpooled.wrappedBuffer(SensorWire.radar(2, List.of()));
        ch.writeInbound(new DatagramPacket(allowed, LOCAL, new InetSocketAddress("10.1.2.3", 5000)));
        assertThat(counters.count("denied")).isEqualTo(1);
        assertThat(counters.count("accepted")).isEqualTo(1);
        assertThat(audit.events("denied")).singleElement().satisfies(e -> {
            assertThat(e.camera()).isEqualTo("r");
            assertThat(e.details()).containsEntry("transport", "sensor");
        });
        assertThat(denied.refCnt()).isZero();
        assertThat(allowed.refCnt()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    private static ByteBuf send(EmbeddedChannel ch, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        ch.writeInbound(new DatagramPacket(buf, LOCAL, SENSOR));
        return buf;
    }
}
