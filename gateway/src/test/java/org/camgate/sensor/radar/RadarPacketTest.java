package org.camgate.sensor.radar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.camgate.sensor.common.PacketResult;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.Recorder;
import org.camgate.sim.sensor.SensorWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.sensor.common.Datagrams.COMMON;
import static org.camgate.sensor.common.Datagrams.feed;
import static org.camgate.sensor.common.Datagrams.result;

/** Radar JSON datagrams through {@link RadarInput}: how each is counted, sequence numbers. */
class RadarPacketTest {
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
        assertThat(result(new RadarInput(new RadarSettings(COMMON)), json.getBytes(StandardCharsets.UTF_8)).tag()).isEqualTo(expected);
    }

    @Test
    void radarOversizedAndOutOfOrder() {
        RadarInput in = new RadarInput(new RadarSettings(COMMON));
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
        RadarInput in = new RadarInput(new RadarSettings(COMMON, List.of(new RadarZone("yard",
                List.of(new Point2(0, 0), new Point2(10, 0), new Point2(10, 10), new Point2(0, 10)), true, null, null)), List.of()));
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
}
