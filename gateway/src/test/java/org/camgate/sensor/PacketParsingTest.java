package org.camgate.sensor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.camgate.config.Box3;
import org.camgate.config.Point2;
import org.camgate.config.SensorConfig;
import org.camgate.config.SensorType;
import org.camgate.config.ZoneConfig;
import org.camgate.sim.sensor.SensorWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class PacketParsingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Recorder rec = new Recorder();

    private static SensorConfig sensor(SensorType type, ZoneConfig... zones) {
        return new SensorConfig("s", type, URI.create("udp://127.0.0.1:1"), Duration.ofSeconds(5), Duration.ZERO, 0.2, 5,
                List.of(zones), List.of());
    }

    private static PacketResult result(SensorInput input, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            input.onDatagram(buf, NOW, (e, s, z, d) -> { });
            return PacketResult.ACCEPTED;
        } catch (PacketException e) {
            return e.result();
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"tracks\": []}|accepted",
            "{\"seq\": 3, \"tracks\": [{\"id\": 7, \"x\": 1, \"y\": 2, \"vx\": 0, \"vy\": 0.5, \"class\": \"person\", \"extra\": true}]}|accepted",
            "{\"tracks\": [{\"id\": \"a\", \"x\": 1, \"y\": 2, \"vx\": 0|truncated",
            "not json|malformed",
            "[1, 2]|malformed",
            "{\"tracks\": {}}|malformed",
            "{\"seq\": -1, \"tracks\": []}|malformed",
            "{\"seq\": 1.5, \"tracks\": []}|malformed",
            "{\"tracks\": [{\"id\": \"a\", \"x\": \"1\", \"y\": 2, \"vx\": 0, \"vy\": 0}]}|malformed",
            "{\"tracks\": [{\"id\": \"a b\", \"x\": 1, \"y\": 2, \"vx\": 0, \"vy\": 0}]}|malformed",
            "{\"tracks\": [{\"id\": \"a\", \"x\": 1e400, \"y\": 2, \"vx\": 0, \"vy\": 0}]}|malformed",
            "{\"tracks\": [{\"id\": \"a\", \"y\": 2, \"vx\": 0, \"vy\": 0}]}|malformed",
            "{\"tracks\": [{\"id\": \"a\", \"x\": 1, \"y\": 2, \"vx\": 0, \"vy\": 0, \"class\": 5}]}|malformed",
            "{\"tracks\": [[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]}|malformed"})
    void radarDatagrams(String json, String expected) {
        assertThat(result(new RadarInput(sensor(SensorType.RADAR)), json.getBytes(StandardCharsets.UTF_8)).tag()).isEqualTo(expected);
    }

    @Test
    void radarOversizedAndOutOfOrder() {
        RadarInput in = new RadarInput(sensor(SensorType.RADAR));
        StringBuilder many = new StringBuilder("{\"tracks\": [");
        for (int i = 0; i < 257; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"x\":1,\"y\":1,\"vx\":0,\"vy\":0}");
        }
        assertThat(result(in, many.append("]}").toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(PacketResult.OVERSIZED);
        byte[] big = new byte[RadarJsonParser.MAX_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        assertThat(result(in, big)).isEqualTo(PacketResult.OVERSIZED);
        assertThat(result(in, SensorWire.radar(10, List.of()))).isEqualTo(PacketResult.ACCEPTED);
        assertThat(result(in, SensorWire.radar(9, List.of()))).isEqualTo(PacketResult.OUT_OF_ORDER);
        assertThat(result(in, SensorWire.radar(10, List.of()))).isEqualTo(PacketResult.DUPLICATE);
        assertThat(result(in, SensorWire.radar(11, List.of()))).isEqualTo(PacketResult.ACCEPTED);
        assertThat(result(in, SensorWire.radar(5000, List.of()))).as("far ahead: not trusted")
                .isEqualTo(PacketResult.SEQUENCE_JUMP);
        assertThat(result(in, SensorWire.radar(12, List.of()))).isEqualTo(PacketResult.ACCEPTED);
        assertThat(result(in, SensorWire.radar(0, List.of()))).as("a restarted sensor...").isEqualTo(PacketResult.OUT_OF_ORDER);
        assertThat(result(in, SensorWire.radar(1, List.of()))).isEqualTo(PacketResult.OUT_OF_ORDER);
        assertThat(result(in, SensorWire.radar(2, List.of()))).as("... is followed once its numbering continues")
                .isEqualTo(PacketResult.ACCEPTED);
        assertThat(result(in, SensorWire.radar(3, List.of()))).isEqualTo(PacketResult.ACCEPTED);
        assertThat(in.resyncs()).isEqualTo(1);
    }

    @Test
    void aForgedFarAheadRadarSeqLosesNoGenuineFrame() {
        RadarInput in = new RadarInput(sensor(SensorType.RADAR, ZoneConfig.radar("yard",
                List.of(new Point2(0, 0), new Point2(10, 0), new Point2(10, 10), new Point2(0, 10)), true, null, null)));
        Recorder r = new Recorder();
        List<SensorWire.Track> outside = List.of(new SensorWire.Track("7", -5, 5, 1, 0, null));
        List<SensorWire.Track> inside = List.of(new SensorWire.Track("7", 5, 5, 1, 0, null));
        for (int seq = 0; seq < 5; seq++) {
            assertThat(feed(in, SensorWire.radar(seq, outside), r)).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(feed(in, SensorWire.radar(500, inside), r)).as("spoofed").isEqualTo(PacketResult.SEQUENCE_JUMP);
        assertThat(r.lines).as("the spoofed datagram's track is not used").isEmpty();
        for (int seq = 5; seq < 10; seq++) {
            assertThat(feed(in, SensorWire.radar(seq, inside), r)).as("genuine " + seq).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(r.take()).containsExactly("intrusion/start/yard");
    }

    @Test
    void aForgedFarAheadLidarFrameIdNeitherAbandonsTheFrameNorMakesLaterOnesLate() {
        LidarInput in = new LidarInput(sensor(SensorType.LIDAR, ZoneConfig.lidar("z", null, new Box3(0, 0, 0, 2, 2, 2), 100, 1, null, null)));
        Recorder r = rec;
        List<byte[]> f7 = SensorWire.lidar(7, column(100, 1), 100, 30);
        assertThat(feed(in, f7.get(0), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(feed(in, f7.get(1), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(feed(in, SensorWire.lidar(7 + 1_000_000, column(1, 1), 1, 1).get(0), r)).isEqualTo(PacketResult.SEQUENCE_JUMP);
        assertThat(feed(in, f7.get(2), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(feed(in, f7.get(3), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(r.take()).containsExactly("occupancy/start/z");
        for (byte[] p : SensorWire.lidar(8, column(100, 0.1f), 100, 30)) {
            assertThat(feed(in, p, r)).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(r.take()).containsExactly("occupancy/end/z");
        assertThat(in.framesAbandoned()).isZero();

        // The sensor restarts at frame 0: frames 0 and 1 look late, then frame 2 continues them and is used whole.
        for (long id = 0; id <= 2; id++) {
            List<byte[]> f = SensorWire.lidar(id, column(100, 1), 100, 30);
            for (byte[] p : f) {
                assertThat(feed(in, p, r)).as("frame " + id).isEqualTo(id < 2 ? PacketResult.OUT_OF_ORDER : PacketResult.ACCEPTED);
            }
        }
        assertThat(r.take()).containsExactly("occupancy/start/z");
        assertThat(in.resyncs()).isEqualTo(1);
        assertThat(in.framesAbandoned()).isZero();
    }

    private static float[] column(int n, float z) {
        float[] p = new float[n * 4];
        for (int i = 0; i < n; i++) {
            p[i * 4] = 1;
            p[i * 4 + 1] = 1;
            p[i * 4 + 2] = z;
        }
        return p;
    }

    @Test
    void lidarFramesReassembleInAnyOrderAndLateOrDuplicatePacketsAreDropped() {
        LidarInput in = new LidarInput(sensor(SensorType.LIDAR, ZoneConfig.lidar("z", null, new Box3(0, 0, 0, 2, 2, 2), 100, 1, null, null)));
        List<byte[]> f1 = SensorWire.lidar(1, column(100, 1), 100, 30);   // 4 packets: 30 30 30 10
        assertThat(f1).hasSize(4);
        Recorder r = rec;
        assertThat(feed(in, f1.get(3), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(feed(in, f1.get(1), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(feed(in, f1.get(1), r)).isEqualTo(PacketResult.DUPLICATE);
        assertThat(feed(in, f1.get(0), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(r.lines).isEmpty();
        assertThat(feed(in, f1.get(2), r)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(r.take()).containsExactly("occupancy/start/z");          // all 100 points, in one frame
        assertThat(feed(in, f1.get(2), r)).isEqualTo(PacketResult.OUT_OF_ORDER);   // frame 1 is done
        List<byte[]> f3 = SensorWire.lidar(3, column(100, 1), 100, 30);
        assertThat(feed(in, f3.get(0), r)).isEqualTo(PacketResult.ACCEPTED);
        List<byte[]> f2 = SensorWire.lidar(2, column(100, 1), 100, 30);
        assertThat(feed(in, f2.get(0), r)).isEqualTo(PacketResult.OUT_OF_ORDER);    // older than frame 3
        List<byte[]> f4 = SensorWire.lidar(4, column(100, 0.1f), 100, 30);
        for (byte[] p : f4) {
            assertThat(feed(in, p, r)).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(in.framesAbandoned()).isEqualTo(1);                      // frame 3 never completed
        assertThat(r.take()).containsExactly("occupancy/end/z");            // frame 4: ground only
        LidarInput fresh = new LidarInput(sensor(SensorType.LIDAR));
        for (long id : new long[] {0xFFFFFFFEL, 0xFFFFFFFFL, 0, 1}) {   // ids wrap after 2^32 - 1
            assertThat(feed(fresh, SensorWire.lidar(id, column(1, 1), 1, 1).get(0), r)).as("frame " + id).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(feed(fresh, SensorWire.lidar(0xFFFFFFFFL, column(1, 1), 1, 1).get(0), r)).isEqualTo(PacketResult.OUT_OF_ORDER);
    }

    private static PacketResult feed(SensorInput in, byte[] p, Recorder r) {
        ByteBuf buf = Unpooled.wrappedBuffer(p);
        try {
            in.onDatagram(buf, NOW, r);
            return PacketResult.ACCEPTED;
        } catch (PacketException e) {
            return e.result();
        } finally {
            buf.release();
        }
    }

    @Test
    void lidarHeadersAreChecked() {
        LidarInput in = new LidarInput(sensor(SensorType.LIDAR));
        byte[] good = SensorWire.lidar(1, column(10, 1), 10, 10).get(0);
        assertThat(result(in, Arrays.copyOf(good, 10))).isEqualTo(PacketResult.TRUNCATED);
        assertThat(result(in, Arrays.copyOf(good, good.length - 1))).isEqualTo(PacketResult.TRUNCATED);
        assertThat(result(in, Arrays.copyOf(good, good.length + 16))).isEqualTo(PacketResult.OVERSIZED);
        assertThat(result(in, new byte[3])).isEqualTo(PacketResult.MALFORMED);
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThat(result(in, magic)).isEqualTo(PacketResult.MALFORMED);
        byte[] version = good.clone();
        version[4] = 2;
        assertThat(result(in, version)).isEqualTo(PacketResult.MALFORMED);
        byte[] beyond = good.clone();
        beyond[12] = 5;                          // offset 5 + 10 points > total 10
        assertThat(result(in, beyond)).isEqualTo(PacketResult.MALFORMED);
        byte[] huge = good.clone();
        huge[22] = 0x10;                         // total 1 Mi points
        assertThat(result(in, huge)).isEqualTo(PacketResult.OVERSIZED);
        float[] nan = column(10, 1);
        nan[5] = Float.NaN;
        assertThat(result(in, SensorWire.lidar(2, nan, 10, 10).get(0))).isEqualTo(PacketResult.MALFORMED);
        assertThat(result(in, good)).isEqualTo(PacketResult.ACCEPTED);
    }

    @Test
    void thermalFramesAndHeaders() {
        List<Point2> all = List.of(new Point2(0, 0), new Point2(160, 0), new Point2(160, 120), new Point2(0, 120));
        ThermalInput in = new ThermalInput(sensor(SensorType.THERMAL,
                ZoneConfig.thermal("all", all, 100.0, null, Duration.ofSeconds(30), false, 28, 40, 4)));
        short[] px = new short[160 * 120];
        Arrays.fill(px, SensorWire.centiKelvin(20));
        px[160 * 60 + 80] = SensorWire.centiKelvin(250);
        List<byte[]> packets = SensorWire.thermal(1, 160, 120, px, SensorWire.THERMAL_PIXELS_PER_PACKET);
        assertThat(packets).hasSize(2);
        assertThat(feed(in, packets.get(1), rec)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(feed(in, packets.get(0), rec)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(rec.data.get(0)).containsEntry("temperature", 250.0);
        assertThat(rec.take()).containsExactly("fire/start/all");
        byte[] good = packets.get(0);
        assertThat(result(in, Arrays.copyOf(good, 20))).isEqualTo(PacketResult.TRUNCATED);
        assertThat(result(in, Arrays.copyOf(good, good.length - 2))).isEqualTo(PacketResult.TRUNCATED);
        assertThat(result(in, Arrays.copyOf(good, good.length + 2))).isEqualTo(PacketResult.OVERSIZED);
        byte[] wide = good.clone();
        wide[6] = (byte) 0xFF;
        wide[7] = (byte) 0x0F;                   // width 4095
        assertThat(result(in, wide)).isEqualTo(PacketResult.OVERSIZED);
        byte[] zero = good.clone();
        zero[8] = 0;
        zero[9] = 0;                             // height 0
        assertThat(result(in, zero)).isEqualTo(PacketResult.MALFORMED);
        assertThat(result(in, packets.get(1))).isEqualTo(PacketResult.OUT_OF_ORDER);
    }

    @Test
    void randomGarbageIsNeverAcceptedAndNeverThrowsAnythingElse() {
        Random random = new Random(42);
        List<SensorInput> inputs = List.of(new RadarInput(sensor(SensorType.RADAR)), new LidarInput(sensor(SensorType.LIDAR)),
                new ThermalInput(sensor(SensorType.THERMAL)));
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[random.nextInt(2000)];
            random.nextBytes(junk);
            if (i % 3 == 1 && junk.length >= 4) {      // right magic, random rest
                junk[0] = 'C'; junk[1] = 'G'; junk[2] = 'L'; junk[3] = 'P';
            }
            for (SensorInput in : inputs) {
                try {
                    assertThat(result(in, junk)).isNotEqualTo(PacketResult.ACCEPTED);
                } catch (RuntimeException e) {
                    fail("threw on garbage: " + e);
                }
            }
        }
        assertThatThrownBy(() -> { throw new PacketException(PacketResult.MALFORMED, "x"); }).hasMessage("x");
    }
}
