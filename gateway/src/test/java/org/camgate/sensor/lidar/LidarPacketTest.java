package org.camgate.sensor.lidar;

import java.util.Arrays;
import java.util.List;
import org.camgate.sensor.common.PacketResult;
import org.camgate.sensor.common.Recorder;
import org.camgate.sim.sensor.SensorWire;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.sensor.common.Datagrams.COMMON;
import static org.camgate.sensor.common.Datagrams.feed;
import static org.camgate.sensor.common.Datagrams.result;

/** LiDAR datagrams through {@link LidarInput}: headers, frame reassembly, frame ids. */
class LidarPacketTest {
    private final Recorder rec = new Recorder();

    @Test
    void aForgedFarAheadLidarFrameIdNeitherAbandonsTheFrameNorMakesLaterOnesLate() {
        LidarInput in = new LidarInput(new LidarSettings(COMMON, 0.2, List.of(new LidarZone("z", null, new Box3(0, 0, 0, 2, 2, 2), 100, 1, null, null))));
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
        LidarInput in = new LidarInput(new LidarSettings(COMMON, 0.2, List.of(new LidarZone("z", null, new Box3(0, 0, 0, 2, 2, 2), 100, 1, null, null))));
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
        LidarInput fresh = new LidarInput(new LidarSettings(COMMON));
        for (long id : new long[] {0xFFFFFFFEL, 0xFFFFFFFFL, 0, 1}) {   // ids wrap after 2^32 - 1
            assertThat(feed(fresh, SensorWire.lidar(id, column(1, 1), 1, 1).get(0), r)).as("frame " + id).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(feed(fresh, SensorWire.lidar(0xFFFFFFFFL, column(1, 1), 1, 1).get(0), r)).isEqualTo(PacketResult.OUT_OF_ORDER);
    }

    @Test
    void lidarHeadersAreChecked() {
        LidarInput in = new LidarInput(new LidarSettings(COMMON));
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
}
