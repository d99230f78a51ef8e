package org.camgate.config;

import org.camgate.common.yaml.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact problems a camera's {@code motion} section (and the gate's {@code maxOpen}) gives (a contract, as in
 * ConfigErrorsTest).
 */
class MotionConfigErrorsTest {
    private static final String CAMERA = "site: s\ncameras:\n  - id: cam\n    purpose: p\n    source: rtsp://192.0.2.1/s\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unknown key", CAMERA + "    motion: {fsp: 5}\n",
                        "cameras[0].motion.fsp (line 6): unknown key; expected one of: fps, keyframesOnly, analysisSource, threshold, "
                                + "minArea, zones, masks, startFrames, endFrames, height"),
                Arguments.of("not a mapping", CAMERA + "    motion: yes\n",
                        "cameras[0].motion (line 6): expected a mapping, got a value"),
                Arguments.of("numbers out of range", CAMERA + """
                            motion:
                              fps: 31
                              threshold: 255
                              height: 8
                              startFrames: 0
                              endFrames: -2
                        """, """
                        cameras[0].motion.fps (line 7): at most 30 (got 31); 5 is plenty to see people and cars
                        cameras[0].motion.threshold (line 8): at most 254 grey levels (got 255)
                        cameras[0].motion.height (line 9): between 16 and 1080 pixels (got 8)
                        cameras[0].motion.startFrames (line 10): must be > 0 (got 0)
                        cameras[0].motion.endFrames (line 11): must be > 0 (got -2)"""),
                Arguments.of("not numbers", CAMERA + "    motion: {fps: five, minArea: half, keyframesOnly: maybe}\n",
                        """
                        cameras[0].motion.fps (line 6): expected an integer, got "five"
                        cameras[0].motion.keyframesOnly (line 6): expected true or false, got "maybe"
                        cameras[0].motion.minArea (line 6): expected a fraction of the picture between 0 and 1, e.g. 0.005, got "half\""""),
                Arguments.of("minArea out of range", CAMERA + "    motion: {minArea: 1.5}\n",
                        "cameras[0].motion.minArea (line 6): must be between 0 and 1 (a fraction of the picture), got 1.5"),
                Arguments.of("analysis source", CAMERA + "    motion: {analysisSource: \"http://192.0.2.1/sub\"}\n",
                        "cameras[0].motion.analysisSource (line 6): unsupported scheme \"http\" (expected: rtsp://... or rtsps://...)"),
                Arguments.of("maxOpen", """
                        site: s
                        cameras:
                          - id: a
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {mode: motion, maxOpen: 0s}
                          - id: b
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {maxOpen: 10m}
                          - id: c
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {mode: motion, maxOpen: 10}
                        """, """
                        cameras[0].gate.maxOpen (line 6): must be longer than 0s (omit maxOpen for no limit)
                        cameras[1].gate.maxOpen (line 10): has no effect with mode always (video always flows); use mode motion or triggers
                        cameras[2].gate.maxOpen (line 14): invalid duration "10": a unit is required (e.g. 10s; units: ms, s, m, h, d)"""),
                Arguments.of("polygons", CAMERA + """
                            motion:
                              zones:
                                - [[0, 0], [1, 0]]
                                - [[0, 0], [1, 0], [1, x]]
                              masks:
                                - [[0, 0], [1.5, 0], [1, 1]]
                                - [[0, 0, 0], [1, 0], [1, 1]]
                                - 0.5
                                - [[0, 0], [NaN, 0], [1, 1]]
                        """, """
                        cameras[0].motion.zones[0] (line 8): a polygon needs at least 3 points, got 2 (points are [x, y], 0 to 1 from the top left)
                        cameras[0].motion.zones[1] (line 9): expected a number from 0 to 1 for each coordinate of a point [x, y], got "x"
                        cameras[0].motion.masks[0] (line 11): point outside the picture: 1.5 (coordinates are 0 to 1 from the top left)
                        cameras[0].motion.masks[1] (line 12): expected a point [x, y], 0 to 1 from the top left, e.g. [0.5, 0.25]
                        cameras[0].motion.masks[2] (line 13): expected a polygon: a list of at least 3 [x, y] points, 0 to 1 from the top left
                        cameras[0].motion.masks[3] (line 14): point outside the picture: NaN (coordinates are 0 to 1 from the top left)"""));
    }

    @Test
    void aMotionGateWithoutASectionAnalysesWithTheDefaults() throws ConfigException {
        GatewayConfig config = ConfigLoader.parse(CAMERA + "    gate: {mode: motion}\n", "test.yaml", Map.of());
        assertThat(config.cameras().get(0).motion()).contains(MotionConfig.defaults());
    }

    @Test
    void maxOpenIsOptional() throws ConfigException {
        GatewayConfig config = ConfigLoader.parse(CAMERA + "    gate: {mode: motion, maxOpen: 10m}\n  - id: d\n"
                + "    purpose: p\n    source: rtsp://192.0.2.1/s\n    gate: {mode: motion}\n", "test.yaml", Map.of());
        assertThat(config.cameras().get(0).gate().maxOpen()).contains(java.time.Duration.ofMinutes(10));
        assertThat(config.cameras().get(1).gate().maxOpen()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryProblemWithPathAndLine(String name, String yaml, String expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "test.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }
}
