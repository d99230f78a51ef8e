package org.camgate.sensor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.config.Box3;
import org.camgate.config.LineConfig;
import org.camgate.config.Point2;
import org.camgate.config.SensorConfig;
import org.camgate.config.SensorType;
import org.camgate.config.ZoneConfig;
import org.camgate.testing.FuzzDeadline;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the sensor datagram parsers ({@link RadarJsonParser}, {@link LidarPacket}, {@link ThermalPacket}) through
 * their inputs ({@link RadarInput}, {@link LidarInput}, {@link ThermalInput}), so frame reassembly and the detectors
 * behind them get the datagrams they accept. One fuzz input is a sequence of datagrams, each a 2-byte big-endian
 * length and that many bytes (the last one takes what is left); the length 0xFFFF stands for a silence, after which
 * the sensor channel resets its input. Datagrams are 100 ms apart.
 *
 * <p>The contract: a datagram is accepted or refused with a {@link PacketException}, nothing else is thrown, the
 * input leaves the buffer's reference count alone, and the events detectors report name a configured zone or line
 * and carry only finite numbers.
 *
 * <p>Plain test runs replay {@code SensorPacketFuzzTestInputs/<radar|lidar|thermal>/}; {@code JAZZER_FUZZ=1} fuzzes
 * (one method at a time).
 */
@ExtendWith(NettyLeakCheck.class)
class SensorPacketFuzzTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Point2> SQUARE = List.of(new Point2(0, 0), new Point2(10, 0), new Point2(10, 10), new Point2(0, 10));

    @FuzzTest(maxDuration = "2m")
    void radar(byte[] input) throws Exception {
        SensorConfig config = sensor(SensorType.RADAR, List.of(
                ZoneConfig.radar("yard", SQUARE, true, Duration.ofSeconds(1), 5.0)),
                List.of(new LineConfig("gate", new Point2(0, 5), new Point2(10, 5), LineConfig.CrossingDirection.BOTH)));
        FuzzDeadline.run(() -> feed(input, () -> new RadarInput(config), Set.of("yard", "gate")));
    }

    @FuzzTest(maxDuration = "2m")
    void lidar(byte[] input) throws Exception {
        SensorConfig config = sensor(SensorType.LIDAR, List.of(
                ZoneConfig.lidar("shaft", null, new Box3(0, 0, 0, 2, 2, 2.5), 5, 2, Duration.ofSeconds(1), 3.0),
                ZoneConfig.lidar("floor", SQUARE, null, 1, 1, null, 1.0)), List.of());
        FuzzDeadline.run(() -> feed(input, () -> new LidarInput(config), Set.of("shaft", "floor")));
    }

    @FuzzTest(maxDuration = "2m")
    void thermal(byte[] input) throws Exception {
        List<Point2> all = List.of(new Point2(0, 0), new Point2(640, 0), new Point2(640, 480), new Point2(0, 480));
        SensorConfig config = sensor(SensorType.THERMAL, List.of(
                ZoneConfig.thermal("store", all, 60.0, 10.0, Duration.ofSeconds(30), true, 28, 40, 4),
                ZoneConfig.thermal("corner", SQUARE, null, null, Duration.ofSeconds(30), true, 28, 40, 1)), List.of());
        FuzzDeadline.run(() -> feed(input, () -> new ThermalInput(config), Set.of("store", "corner")));
    }

    private static SensorConfig sensor(SensorType type, List<ZoneConfig> zones, List<LineConfig> lines) {
        return new SensorConfig("s-1", type, URI.create("udp://127.0.0.1:1"), Duration.ofSeconds(5), Duration.ofMillis(500),
                0.2, 5, zones, lines);
    }

    private static void feed(byte[] input, Supplier<SensorInput> factory, Set<String> zones) {
        SensorInput sensor = factory.get();
        DetectionSink sink = (event, state, zone, data) -> {
            assertThat(event).isNotEmpty();
            assertThat(state).isNotNull();
            if (zone != null) {
                assertThat(zones).as("event %s names a configured zone or line", event).contains(zone);
            }
            data.forEach((k, v) -> {
                if (v instanceof Number n) {
                    assertThat(Double.isFinite(n.doubleValue())).as("%s %s = %s", event, k, v).isTrue();
                }
            });
        };
        Instant now = START;
        int at = 0;
        while (at < input.length) {
            int length = at + 1 < input.length ? ((input[at] & 0xFF) << 8 | input[at + 1] & 0xFF) : input.length - at;
            at = Math.min(at + 2, input.length);
            if (length == 0xFFFF) {
                sensor.reset();
                now = now.plusSeconds(10);
                continue;
            }
            length = Math.min(length, input.length - at);
            ByteBuf datagram = Unpooled.wrappedBuffer(input, at, length);
            at += length;
            now = now.plusMillis(100);
            try {
                sensor.onDatagram(datagram, now, sink);
            } catch (PacketException refused) {
                assertThat(refused.result()).isNotNull().isNotEqualTo(PacketResult.ACCEPTED);
            } finally {
                assertThat(datagram.refCnt()).as("the input does not release the datagram").isEqualTo(1);
                datagram.release();
            }
        }
        sensor.framesAbandoned();
    }
}
