package org.camgate.sim.sensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the wire formats byte by byte, as the README documents them. */
class SensorWireTest {

    @Test
    void radarJson() {
        byte[] b = SensorWire.radar(7, List.of(new SensorWire.Track("p1", 1.5, -2, 0.25, 0, "person"),
                new SensorWire.Track("c2", 3, 4, 0, 0, null)));
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"seq\":7,\"tracks\":["
                + "{\"id\":\"p1\",\"x\":1.500,\"y\":-2.000,\"vx\":0.250,\"vy\":0.000,\"class\":\"person\"},"
                + "{\"id\":\"c2\",\"x\":3.000,\"y\":4.000,\"vx\":0.000,\"vy\":0.000}]}");
    }

    @Test
    void lidarPacketsSplitAFrameWithOffsets() {
        float[] p = new float[5 * 4];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        List<byte[]> packets = SensorWire.lidar(0xFFFFFFFFL, p, 5, 2);
        assertThat(packets).hasSize(3);
        ByteBuffer b = ByteBuffer.wrap(packets.get(1)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(packets.get(1)).startsWith(0x43, 0x47, 0x4C, 0x50, 1, 24, 0, 0);
        assertThat(b.getInt(8)).isEqualTo(-1);          // frame id 0xFFFFFFFF
        assertThat(b.getInt(12)).isEqualTo(2);          // point offset
        assertThat(b.getInt(16)).isEqualTo(2);          // count
        assertThat(b.getInt(20)).isEqualTo(5);          // total
        assertThat(packets.get(1)).hasSize(24 + 2 * 16);
        assertThat(b.getFloat(24)).isEqualTo(8f);       // point 2: x
        assertThat(b.getFloat(24 + 16 + 12)).isEqualTo(15f);  // point 3: intensity
        assertThat(packets.get(2)).hasSize(24 + 16);
    }

    @Test
    void thermalPacketsCarryTheFrameSize() {
        short[] px = new short[4 * 3];
        px[11] = SensorWire.centiKelvin(20);
        List<byte[]> packets = SensorWire.thermal(9, 4, 3, px, 8);
        assertThat(packets).hasSize(2);
        ByteBuffer b = ByteBuffer.wrap(packets.get(1)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(packets.get(1)).startsWith(0x43, 0x47, 0x54, 0x48, 1, 24);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getShort(8)).isEqualTo((short) 3);
        assertThat(b.getInt(12)).isEqualTo(9);
        assertThat(b.getInt(16)).isEqualTo(8);
        assertThat(b.getInt(20)).isEqualTo(4);
        assertThat(b.getShort(24 + 3 * 2)).isEqualTo((short) 29315);
    }

    @Test
    void scenariosAreFoundByTypeAndName() {
        assertThat(Scenarios.names(SensorKind.RADAR)).containsExactly("person-dwell", "car-speeding");
        assertThat(Scenarios.of(SensorKind.LIDAR, "person-dwell").kind()).isEqualTo(SensorKind.LIDAR);
        assertThatThrownBy(() -> Scenarios.of(SensorKind.THERMAL, "flood"))
                .hasMessage("no thermal scenario \"flood\" (expected one of: fire-grows, person-presence)");
    }

    @Test
    void commandLineArgumentsAreChecked() {
        assertThat(SensorCommand.kind("lidar")).isEqualTo(SensorKind.LIDAR);
        assertThatThrownBy(() -> SensorCommand.kind("sonar"))
                .hasMessage("--type: unknown sensor type \"sonar\" (expected one of: radar, lidar, thermal)");
        assertThat(SensorCommand.target(java.net.URI.create("udp://[::1]:9101"))).isEqualTo(new java.net.InetSocketAddress("::1", 9101));
        assertThatThrownBy(() -> SensorCommand.target(java.net.URI.create("udp://127.0.0.1")))
                .hasMessage("--target: expected udp://host:port, e.g. udp://127.0.0.1:9101");
    }

    @Test
    void faultsSilenceWindow() {
        Faults f = new Faults(0, 0, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5), 1);
        assertThat(f.silent(java.time.Duration.ofSeconds(9))).isFalse();
        assertThat(f.silent(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(f.silent(java.time.Duration.ofSeconds(15))).isFalse();
        assertThatThrownBy(() -> new Faults(1.5, 0, null, java.time.Duration.ZERO, 1))
                .hasMessage("loss and garbage are probabilities (expected: 0 to 1)");
    }
}
