package org.camgate.sensor;

import org.camgate.common.yaml.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camgate.common.yaml.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.common.SensorSettings;
import org.camgate.sensor.lidar.Box3;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.lidar.LidarZone;
import org.camgate.sensor.radar.LineConfig;
import org.camgate.sensor.radar.RadarSettings;
import org.camgate.sensor.radar.RadarZone;
import org.camgate.sensor.thermal.ThermalSettings;
import org.camgate.sensor.thermal.ThermalZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorConfigTest {

    @Test
    void bindsZonesLinesAndTimingsPerSensorType() throws ConfigException {
        GatewayConfig c = ConfigLoader.parse("""
                site: s
                sensors:
                  - id: radar-1
                    type: radar
                    input: udp://127.0.0.1:9101
                    silenceTimeout: 3s
                    hold: 1s
                    zones:
                      - id: yard
                        polygon: [[0, 0], [10, 0], [10, 10], [0, 10]]
                        dwell: 3s
                        speedLimit: 13.9
                    lines:
                      - {id: door, from: [1, 0], to: [1, 10], direction: left}
                  - id: lidar-1
                    type: lidar
                    input: udp://127.0.0.1:9102
                    allow: [192.0.2.0/24, "::1/128"]
                    groundZ: 0.1
                    zones:
                      - {id: shaft, box: {min: [0, 0, 0], max: [2, 2, 2.5]}, minPoints: 30, frames: 3, dwell: 3s}
                  - id: thermal-1
                    type: thermal
                    input: udp://127.0.0.1:9103
                    temperatureHysteresis: 8
                    zones:
                      - {id: store, polygon: [[0, 0], [80, 0], [80, 60]], fireTemperature: 150, riseRate: 600, riseWindow: 10s}
                      - {id: hall, polygon: [[0, 0], [16, 0], [16, 24]], presence: true, bodyMin: 30, bodyMax: 38, minPixels: 6}
                """, "t.yaml", Map.of());
        List<Point2> square = List.of(new Point2(0, 0), new Point2(10, 0), new Point2(10, 10), new Point2(0, 10));
        assertThat(c.sensors().get(0)).isEqualTo(new RadarSettings(new CommonSettings("radar-1", URI.create("udp://127.0.0.1:9101"),
                Duration.ofSeconds(3), Duration.ofSeconds(1), List.of(), true),
                List.of(new RadarZone("yard", square, true, Duration.ofSeconds(3), 13.9)),
                List.of(new LineConfig("door", new Point2(1, 0), new Point2(1, 10), LineConfig.CrossingDirection.LEFT))));
        LidarSettings lidar = (LidarSettings) c.sensors().get(1);
        assertThat(lidar.groundZ()).isEqualTo(0.1);
        assertThat(lidar.allow()).containsExactly(org.camgate.access.Cidr.parse("192.0.2.0/24"), org.camgate.access.Cidr.parse("::1/128"));
        assertThat(c.sensors().get(0).allow()).isEmpty();
        assertThat(lidar.zones()).containsExactly(new LidarZone("shaft", null, new Box3(0, 0, 0, 2, 2, 2.5), 30, 3,
                Duration.ofSeconds(3), null));
        ThermalSettings thermal = (ThermalSettings) c.sensors().get(2);
        assertThat(thermal.temperatureHysteresis()).isEqualTo(8);
        assertThat(thermal.zones().get(0)).isEqualTo(new ThermalZone("store",
                List.of(new Point2(0, 0), new Point2(80, 0), new Point2(80, 60)), 150.0, 600.0, Duration.ofSeconds(10),
                false, ThermalZone.DEFAULT_BODY_MIN, ThermalZone.DEFAULT_BODY_MAX, ThermalZone.DEFAULT_MIN_PIXELS));
        assertThat(thermal.zones().get(1).presence()).isTrue();
        assertThat(thermal.zones().get(1).minPixels()).isEqualTo(6);
        assertThat(c.sensors()).allMatch(SensorSettings::faultEndsDetections);
    }

    @Test
    void faultEndsDetectionsCanBeTurnedOffAndMustBeABoolean() throws ConfigException {
        GatewayConfig c = ConfigLoader.parse("""
                site: s
                sensors:
                  - {id: r, type: radar, input: "udp://127.0.0.1:9101", faultEndsDetections: false}
                """, "t.yaml", Map.of());
        assertThat(c.sensors().get(0).faultEndsDetections()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse("""
                site: s
                sensors:
                  - {id: r, type: radar, input: "udp://127.0.0.1:9101", faultEndsDetections: sometimes}
                """, "t.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sensors[0].faultEndsDetections")
                .hasMessageContaining("expected true or false");
    }

    @Test
    void onlyInputSchemesTheServiceListensOnAreAccepted() {
        assertThat(CommonSettings.SCHEMES).containsExactly("udp");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                site: s
                sensors:
                  - {id: r, type: radar, input: "tcp://127.0.0.1:9101"}
                  - id: l
                    type: lidar
                    input: mqtt://127.0.0.1:1883/lidar
                  - {id: t, type: thermal, input: "https://127.0.0.1/thermal"}
                  - {id: u, type: thermal, input: "127.0.0.1"}
                  - {id: ok, type: radar, input: "UDP://127.0.0.1:9104"}
                """, "t.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("""
                        sensors[0].input (line 3): unsupported input scheme "tcp" (supported: udp, e.g. udp://127.0.0.1:9101)
                        sensors[1].input (line 6): unsupported input scheme "mqtt" (supported: udp, e.g. udp://127.0.0.1:9101)
                        sensors[2].input (line 7): unsupported input scheme "https" (supported: udp, e.g. udp://127.0.0.1:9101)
                        sensors[3].input (line 8): no scheme in the URL (supported: udp, e.g. udp://127.0.0.1:9101)""");
        assertThatThrownBy(() -> new RadarSettings(new CommonSettings("r", URI.create("tcp://127.0.0.1:9101"))))
                .as("settings made in code are checked too").isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("radar zone", """
                        site: s
                        sensors:
                          - id: r
                            type: radar
                            input: udp://127.0.0.1:1
                            silenceTimeout: 0s
                            groundZ: 1
                            zones:
                              - id: a
                                polygon: [[0, 0], [1, 1]]
                                box: {min: [0, 0, 0], max: [1, 1, 1]}
                              - id: a
                                polygon: [[0, 0], [1, x], [2, 0]]
                                speedLimit: -3
                              - id: c
                                polygon: [[0, 0], [1, 1], [2, 2]]
                                intrusion: false
                              - {polygon: [[0, 0], [1, 0], [1, 1]], dwell: 5}
                        """, """
                        sensors[0].silenceTimeout (line 6): must be longer than 0s
                        sensors[0].groundZ (line 7): only for lidar sensors
                        sensors[0].zones[0].polygon (line 10): expected 3 to 64 points [x, y], e.g. [[0, 0], [10, 0], [10, 10], [0, 10]]
                        sensors[0].zones[0].box (line 11): unknown key; expected one of: id, polygon, intrusion, dwell, speedLimit
                        sensors[0].zones[1].id (line 12): duplicate zone id "a"
                        sensors[0].zones[1].polygon[1][1] (line 13): expected a number, got "x"
                        sensors[0].zones[1].speedLimit (line 14): must be > 0 (got -3)
                        sensors[0].zones[2].polygon (line 16): the polygon has no area (are its points on one line?)
                        sensors[0].zones[2].intrusion (line 17): no detector left: set dwell or speedLimit, or keep intrusion on
                        sensors[0].zones[3].id (line 18): required: a unique zone id
                        sensors[0].zones[3].dwell (line 18): invalid duration "5": a unit is required (e.g. 5s; units: ms, s, m, h, d)"""),
                Arguments.of("lines", """
                        site: s
                        sensors:
                          - id: r
                            type: radar
                            input: udp://127.0.0.1:1
                            zones: [{id: door, polygon: [[0, 0], [1, 0], [1, 1]]}]
                            lines:
                              - {id: door, from: [0, 0], to: [0, 1]}
                              - {id: l2, from: [0, 0], to: [0, 0], direction: up}
                              - {id: l3, from: [0, 0, 1]}
                          - id: l
                            type: lidar
                            input: udp://127.0.0.1:2
                            lines: []
                            allow: []
                          - id: t
                            type: thermal
                            input: udp://127.0.0.1:3
                            allow: [10.0.0.0/33]
                        """, """
                        sensors[0].lines[0].id (line 8): duplicate zone or line id "door"
                        sensors[0].lines[1].direction (line 9): unknown direction "up" (expected one of: both, left, right)
                        sensors[0].lines[1].to (line 9): must differ from from
                        sensors[0].lines[2].from (line 10): expected a point [x, y], e.g. [2.5, 4]
                        sensors[0].lines[2].to (line 10): required: a point [x, y] in metres
                        sensors[1].lines (line 14): only for radar sensors
                        sensors[1].allow (line 15): an empty list admits no sensor; omit the key to accept datagrams from any address
                        sensors[2].allow[0] (line 19): %s""".formatted(cidrProblem("10.0.0.0/33"))),
                Arguments.of("lidar zone", """
                        site: s
                        sensors:
                          - id: l
                            type: lidar
                            input: udp://127.0.0.1:1
                            zones:
                              - {id: a, box: {min: [0, 0, 0], max: [1, 1, 0]}, frames: 101}
                              - {id: b, box: {min: [0, 0]}, minPoints: 0}
                              - {id: c}
                        """, """
                        sensors[0].zones[0].box.max (line 7): must be above min on every axis
                        sensors[0].zones[0].frames (line 7): must be at most 100 (got 101)
                        sensors[0].zones[1].box.min (line 8): expected a point [x, y, z] in metres, e.g. [0, 0, 0.2]
                        sensors[0].zones[1].box.max (line 8): required: the highest corner [x, y, z] in metres
                        sensors[0].zones[1].minPoints (line 8): must be > 0 (got 0)
                        sensors[0].zones[2].polygon (line 9): required: the zone's shape, polygon [[x, y], ...] in metres or box {min: [x, y, z], max: [x, y, z]}"""),
                Arguments.of("thermal zone", """
                        site: s
                        sensors:
                          - id: t
                            type: thermal
                            input: udp://127.0.0.1:1
                            temperatureHysteresis: -1
                            zones:
                              - {id: a, polygon: [[0, 0], [8, 0], [8, 8]], fireTemperature: hot, riseRate: 0}
                              - {id: b, polygon: [[0, 0], [8, 0], [8, 8]], bodyMin: 40, bodyMax: 30, presence: yes}
                              - {id: c, polygon: [[0, 0], [8, 0], [8, 8]], dwell: 3s}
                        """, """
                        sensors[0].temperatureHysteresis (line 6): must be >= 0 (got -1)
                        sensors[0].zones[0].fireTemperature (line 8): expected a number, got "hot"
                        sensors[0].zones[0].riseRate (line 8): must be > 0 (got 0)
                        sensors[0].zones[1].presence (line 9): expected true or false, got "yes"
                        sensors[0].zones[1].bodyMax (line 9): must be above bodyMin (40.0)
                        sensors[0].zones[1].presence (line 9): no detector: set fireTemperature, riseRate or presence: true
                        sensors[0].zones[2].dwell (line 10): unknown key; expected one of: id, polygon, fireTemperature, riseRate, riseWindow, presence, bodyMin, bodyMax, minPixels
                        sensors[0].zones[2].presence (line 10): no detector: set fireTemperature, riseRate or presence: true"""));
    }

    private static String cidrProblem(String text) {
        try {
            org.camgate.access.Cidr.parse(text);
            throw new AssertionError(text + " parsed");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryProblemWithPathAndLine(String name, String yaml, String expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "test.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }
}
