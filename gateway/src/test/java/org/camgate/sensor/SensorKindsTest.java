package org.camgate.sensor;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorKind;
import org.camgate.sensor.common.SensorSettings;
import org.camgate.sensor.lidar.LidarInput;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.radar.RadarInput;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.thermal.ThermalInput;
import org.camgate.sensor.thermal.ThermalSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorKindsTest {
    private static final CommonSettings COMMON = new CommonSettings("s", URI.create("udp://127.0.0.1:1"));

    @Test
    void theRegistryNamesEachKindOnceAndItsKeysAreItsOwn() {
        assertThat(SensorKinds.all()).extracting(SensorKind::name).containsExactly("radar", "lidar", "thermal");
        assertThat(SensorKinds.all()).extracting(SensorKind::settings).doesNotHaveDuplicates();
        assertThat(SensorKinds.binder().keys()).containsExactly("id", "type", "input", "silenceTimeout", "hold", "allow",
                "faultEndsDetections", "zones", "lines", "groundZ", "temperatureHysteresis");
    }

    @Test
    void aSensorGetsTheInputAndStatisticsOfItsKind() {
        assertThat(SensorKinds.input(new RadarSettings(COMMON))).isInstanceOf(RadarInput.class);
        assertThat(SensorKinds.input(new LidarSettings(COMMON))).isInstanceOf(LidarInput.class);
        assertThat(SensorKinds.input(new ThermalSettings(COMMON))).isInstanceOf(ThermalInput.class);
        assertThat(SensorKinds.statistics(new LidarSettings(COMMON))).isEqualTo(Map.of());
        assertThat(List.of(new RadarSettings(COMMON), new LidarSettings(COMMON), new ThermalSettings(COMMON)))
                .extracting(SensorSettings::type).containsExactly("radar", "lidar", "thermal");
    }

    @Test
    void settingsOfAnUnlistedKindAreRefused() {
        SensorSettings sonar = new SensorSettings() {
            @Override
            public CommonSettings common() {
                return COMMON;
            }

            @Override
            public String type() {
                return "sonar";
            }
        };
        assertThatThrownBy(() -> SensorKinds.input(sonar)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sensor s: no kind for ");
    }
}
