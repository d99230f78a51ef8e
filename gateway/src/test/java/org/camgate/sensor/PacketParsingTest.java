package org.camgate.sensor;

import java.util.List;
import java.util.Random;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.lidar.LidarInput;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.radar.RadarInput;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.thermal.ThermalInput;
import org.camgate.sensor.thermal.ThermalSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.sensor.common.Datagrams.COMMON;
import static org.camgate.sensor.common.Datagrams.result;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Every kind's input refuses garbage with a counted {@link PacketException}, never anything else. */
class PacketParsingTest {
    @Test
    void randomGarbageIsNeverAcceptedAndNeverThrowsAnythingElse() {
        Random random = new Random(42);
        List<SensorInput> inputs = List.of(new RadarInput(new RadarSettings(COMMON)), new LidarInput(new LidarSettings(COMMON)),
                new ThermalInput(new ThermalSettings(COMMON)));
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
