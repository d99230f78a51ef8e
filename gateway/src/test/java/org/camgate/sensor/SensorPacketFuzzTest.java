package org.camgate.sensor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.lidar.Box3;
import org.camgate.sensor.lidar.LidarInput;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.lidar.LidarZone;
import org.camgate.sensor.radar.LineConfig;
import org.camgate.sensor.radar.RadarInput;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.radar.RadarZone;
import org.camgate.sensor.thermal.ThermalInput;
import org.camgate.sensor.thermal.ThermalSettings;
import org.camgate.sensor.thermal.ThermalZone;
import org.camgate.testing.FuzzDeadline;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the sensor datagram parsers (RadarJsonParser, LidarPacket, ThermalPacket) through
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
        RadarSettings config = new RadarSettings(common(), List.of(
                new RadarZone("yard", SQUARE, true, Duration.ofSeconds(1), 5.0)),
                List.of(new LineConfig("gate", new Point2(0, 5), new Point2(10, 5), LineConfig.CrossingDirection.BOTH)));
        FuzzDeadline.run(() -> feed(input, () -> new RadarInput(config), Set.of("yard", "gate")));
    }

    @FuzzTest(maxDuration = "2m")
    void lidar(byte[] input) throws Exception {
        LidarSettings config = new LidarSettings(common(), 0.2, List.of(
                new LidarZone("shaft", null, new Box3(0, 0, 0, 2, 2, 2.5), 5, 2, Duration.ofSeconds(1), 3.0),
                new LidarZone("floor", SQUARE, null, 1, 1, null, 1.0)));
        FuzzDeadline.run(() -> feed(input, () -> new LidarInput(config), Set.of("shaft", "floor")));
    }

    @FuzzTest(maxDuration = "2m")
    void thermal(byte[] input) throws Exception {
        List<Point2> all = List.of(new Point2(0, 0), new Point2(640, 0), new Point2(640, 480), new Point2(0, 480));
        ThermalSettings config = new ThermalSettings(common(), 5, List.of(
                new ThermalZone("store", all, 60.0, 10.0, Duration.ofSeconds(30), true, 28, 40, 4),
                new ThermalZone("corner", SQUARE, null, null, Duration.ofSeconds(30), true, 28, 40, 1)));
        FuzzDeadline.run(() -> feed(input, () -> new ThermalInput(config), Set.of("store", "corner")));
    }

    private static CommonSettings common() {
        return new CommonSettings("s-1", URI.create("udp://127.0.0.1:1"), Duration.ofSeconds(5), Duration.ofMillis(500),
                List.of(), true);
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
