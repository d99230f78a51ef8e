package org.camgate.sensor.thermal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.camgate.sensor.common.PacketResult;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.Recorder;
import org.camgate.sim.sensor.SensorWire;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.sensor.common.Datagrams.COMMON;
import static org.camgate.sensor.common.Datagrams.feed;
import static org.camgate.sensor.common.Datagrams.result;

/** Thermal datagrams through {@link ThermalInput}: headers and frame reassembly. */
class ThermalPacketTest {
    private final Recorder rec = new Recorder();

    @Test
    void thermalFramesAndHeaders() {
        List<Point2> all = List.of(new Point2(0, 0), new Point2(160, 0), new Point2(160, 120), new Point2(0, 120));
        ThermalInput in = new ThermalInput(new ThermalSettings(COMMON, 5,
                List.of(new ThermalZone("all", all, 100.0, null, Duration.ofSeconds(30), false, 28, 40, 4))));
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
}
